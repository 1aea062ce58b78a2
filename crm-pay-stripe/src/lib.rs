//! Stripe Checkout and verified webhooks for `crm-core`. Not yet implemented.
