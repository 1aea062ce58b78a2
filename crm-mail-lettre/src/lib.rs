//! SMTP delivery with lettre and the outbox worker for `crm-core`. Not yet implemented.
