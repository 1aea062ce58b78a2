-- crm schema for PostgreSQL. Money is BIGINT in the currency's minor units (exact, and SUM is
-- exact); times are timestamptz in UTC; every row carries its company_id.

CREATE TABLE companies (
    id          UUID PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(name) > 0),
    email       TEXT NOT NULL CHECK (position('@' in email) > 1),
    address     JSONB NOT NULL,
    tax_id      TEXT,
    currency    TEXT NOT NULL CHECK (length(currency) = 3),
    locale      TEXT NOT NULL CHECK (locale IN ('de-DE', 'en')),
    settings    JSONB NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE sequences (
    company_id  UUID NOT NULL REFERENCES companies (id),
    name        TEXT NOT NULL CHECK (name IN ('client', 'invoice', 'quote')),
    last_value  BIGINT NOT NULL CHECK (last_value > 0),
    PRIMARY KEY (company_id, name)
);

CREATE TABLE clients (
    id           UUID PRIMARY KEY,
    company_id   UUID NOT NULL REFERENCES companies (id),
    number       TEXT NOT NULL CHECK (length(number) > 0),
    name         TEXT NOT NULL CHECK (length(name) > 0),
    address      JSONB NOT NULL,
    tax_id       TEXT,
    currency     TEXT NOT NULL CHECK (length(currency) = 3),
    locale       TEXT NOT NULL CHECK (locale IN ('de-DE', 'en')),
    notes        TEXT,
    archived     BOOLEAN NOT NULL,
    search_text  TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    CONSTRAINT clients_number_key UNIQUE (company_id, number),
    CONSTRAINT clients_company_id_key UNIQUE (company_id, id)
);
CREATE INDEX clients_list ON clients (company_id, archived, name COLLATE "C", id);

CREATE TABLE contacts (
    id                UUID PRIMARY KEY,
    company_id        UUID NOT NULL REFERENCES companies (id),
    client_id         UUID NOT NULL REFERENCES clients (id),
    position          INTEGER NOT NULL CHECK (position >= 0),
    name              TEXT NOT NULL CHECK (length(name) > 0),
    email             TEXT NOT NULL CHECK (position('@' in email) > 1),
    email_normalized  TEXT NOT NULL,
    phone             TEXT,
    is_primary        BOOLEAN NOT NULL
);
CREATE UNIQUE INDEX contacts_one_primary ON contacts (client_id) WHERE is_primary;
CREATE INDEX contacts_client ON contacts (client_id, position);
CREATE INDEX contacts_email ON contacts (company_id, email_normalized);

-- Maintained in the same transaction as every document change (see crm_core::domain::metrics).
CREATE TABLE client_metrics (
    client_id       UUID PRIMARY KEY REFERENCES clients (id),
    company_id      UUID NOT NULL REFERENCES companies (id),
    total_invoiced  BIGINT NOT NULL CHECK (total_invoiced >= 0),
    total_paid      BIGINT NOT NULL CHECK (total_paid >= 0),
    outstanding     BIGINT NOT NULL CHECK (outstanding >= 0)
);

CREATE TABLE invoices (
    id           UUID PRIMARY KEY,
    company_id   UUID NOT NULL REFERENCES companies (id),
    client_id    UUID NOT NULL REFERENCES clients (id),
    number       TEXT,
    status       TEXT NOT NULL CHECK (status IN ('draft', 'sent', 'partial', 'processing', 'paid', 'cancelled')),
    currency     TEXT NOT NULL CHECK (length(currency) = 3),
    minor_units  SMALLINT NOT NULL CHECK (minor_units BETWEEN 0 AND 4),
    lines        JSONB NOT NULL,
    totals       JSONB NOT NULL,
    total        BIGINT NOT NULL CHECK (total >= 0),
    amount_paid  BIGINT NOT NULL CHECK (amount_paid >= 0),
    balance      BIGINT NOT NULL CHECK (balance >= 0),
    issue_date   DATE,
    due_date     DATE,
    bill_to      JSONB,
    notes        TEXT,
    terms        TEXT,
    quote_id     UUID,
    viewed_at    TIMESTAMPTZ,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    CONSTRAINT invoices_number_key UNIQUE (company_id, number),
    CONSTRAINT invoices_issued_have_numbers CHECK (status = 'draft' OR status = 'cancelled' OR number IS NOT NULL),
    CONSTRAINT invoices_balance_adds_up CHECK (status IN ('draft', 'cancelled') OR balance + amount_paid = total)
);
CREATE INDEX invoices_history ON invoices (company_id, client_id, created_at DESC, id DESC);
CREATE INDEX invoices_open ON invoices (company_id, client_id, status, due_date);
-- The portal's statement: one status of a client's invoices, newest first, without a sort.
CREATE INDEX invoices_status_history ON invoices (company_id, client_id, status, created_at DESC, id DESC);

CREATE TABLE quotes (
    id                UUID PRIMARY KEY,
    company_id        UUID NOT NULL REFERENCES companies (id),
    client_id         UUID NOT NULL REFERENCES clients (id),
    number            TEXT,
    status            TEXT NOT NULL CHECK (status IN ('draft', 'sent', 'approved', 'rejected')),
    currency          TEXT NOT NULL CHECK (length(currency) = 3),
    minor_units       SMALLINT NOT NULL CHECK (minor_units BETWEEN 0 AND 4),
    lines             JSONB NOT NULL,
    totals            JSONB NOT NULL,
    total             BIGINT NOT NULL CHECK (total >= 0),
    issue_date        DATE,
    valid_until       DATE,
    bill_to           JSONB,
    notes             TEXT,
    rejection_reason  TEXT,
    invoice_id        UUID REFERENCES invoices (id),
    viewed_at         TIMESTAMPTZ,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL,
    CONSTRAINT quotes_number_key UNIQUE (company_id, number)
);
CREATE INDEX quotes_history ON quotes (company_id, client_id, created_at DESC, id DESC);

CREATE TABLE payments (
    id           UUID PRIMARY KEY,
    company_id   UUID NOT NULL REFERENCES companies (id),
    client_id    UUID NOT NULL REFERENCES clients (id),
    invoice_id   UUID NOT NULL REFERENCES invoices (id),
    amount       BIGINT NOT NULL CHECK (amount > 0),
    refunded     BIGINT NOT NULL CHECK (refunded >= 0 AND refunded <= amount),
    currency     TEXT NOT NULL CHECK (length(currency) = 3),
    minor_units  SMALLINT NOT NULL CHECK (minor_units BETWEEN 0 AND 4),
    date         DATE NOT NULL,
    method       TEXT NOT NULL CHECK (method IN ('card', 'bank_transfer', 'direct_debit', 'cash', 'cheque', 'other')),
    reference    TEXT,
    created_at   TIMESTAMPTZ NOT NULL,
    CONSTRAINT payments_reference_key UNIQUE (company_id, reference)
);
CREATE INDEX payments_invoice ON payments (invoice_id, created_at);
CREATE INDEX payments_client ON payments (company_id, client_id, created_at);

CREATE TABLE refunds (
    id           UUID PRIMARY KEY,
    company_id   UUID NOT NULL REFERENCES companies (id),
    client_id    UUID NOT NULL REFERENCES clients (id),
    payment_id   UUID NOT NULL REFERENCES payments (id),
    invoice_id   UUID NOT NULL REFERENCES invoices (id),
    amount       BIGINT NOT NULL CHECK (amount > 0),
    currency     TEXT NOT NULL CHECK (length(currency) = 3),
    minor_units  SMALLINT NOT NULL CHECK (minor_units BETWEEN 0 AND 4),
    date         DATE NOT NULL,
    reference    TEXT,
    reason       TEXT,
    created_at   TIMESTAMPTZ NOT NULL,
    CONSTRAINT refunds_reference_key UNIQUE (company_id, reference)
);
CREATE INDEX refunds_client ON refunds (company_id, client_id, created_at);

CREATE TABLE company_templates (
    company_id  UUID NOT NULL REFERENCES companies (id),
    kind        TEXT NOT NULL CHECK (kind IN ('invoice', 'quote', 'payment_receipt', 'ticket_reply', 'portal_login')),
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    PRIMARY KEY (company_id, kind)
);

CREATE TABLE client_templates (
    company_id  UUID NOT NULL REFERENCES companies (id),
    client_id   UUID NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('invoice', 'quote', 'payment_receipt', 'ticket_reply', 'portal_login')),
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    PRIMARY KEY (company_id, client_id, kind),
    -- A template row can only name a client of its own company.
    FOREIGN KEY (company_id, client_id) REFERENCES clients (company_id, id)
);

CREATE TABLE magic_links (
    id           UUID PRIMARY KEY,
    company_id   UUID NOT NULL REFERENCES companies (id),
    client_id    UUID NOT NULL REFERENCES clients (id),
    contact_id   UUID NOT NULL,
    token_hash   BYTEA NOT NULL CHECK (length(token_hash) = 32),
    purpose      TEXT NOT NULL CHECK (purpose IN ('document', 'login')),
    target       TEXT,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    used_at      TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ,
    CONSTRAINT magic_links_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX magic_links_contact ON magic_links (company_id, contact_id);

CREATE TABLE portal_sessions (
    id            UUID PRIMARY KEY,
    company_id    UUID NOT NULL REFERENCES companies (id),
    client_id     UUID NOT NULL REFERENCES clients (id),
    contact_id    UUID NOT NULL,
    token_hash    BYTEA NOT NULL CHECK (length(token_hash) = 32),
    created_at    TIMESTAMPTZ NOT NULL,
    last_seen_at  TIMESTAMPTZ NOT NULL,
    expires_at    TIMESTAMPTZ NOT NULL,
    ended_at      TIMESTAMPTZ,
    CONSTRAINT portal_sessions_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX portal_sessions_contact ON portal_sessions (company_id, contact_id);

CREATE TABLE tickets (
    id               UUID PRIMARY KEY,
    company_id       UUID NOT NULL REFERENCES companies (id),
    client_id        UUID NOT NULL REFERENCES clients (id),
    contact_id       UUID NOT NULL,
    subject          TEXT NOT NULL CHECK (length(subject) > 0),
    status           TEXT NOT NULL CHECK (status IN ('open', 'waiting_on_client', 'waiting_on_staff', 'closed')),
    created_at       TIMESTAMPTZ NOT NULL,
    last_message_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX tickets_inbox ON tickets (company_id, last_message_at DESC);
CREATE INDEX tickets_client ON tickets (company_id, client_id);

CREATE TABLE ticket_messages (
    id          UUID PRIMARY KEY,
    company_id  UUID NOT NULL REFERENCES companies (id),
    ticket_id   UUID NOT NULL REFERENCES tickets (id),
    author      JSONB NOT NULL,
    body        TEXT NOT NULL CHECK (length(body) > 0),
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX ticket_messages_thread ON ticket_messages (ticket_id, created_at);

CREATE TABLE outbox (
    id               UUID PRIMARY KEY,
    company_id       UUID NOT NULL REFERENCES companies (id),
    client_id        UUID REFERENCES clients (id),
    kind             TEXT NOT NULL CHECK (kind IN ('invoice', 'quote', 'payment_receipt', 'ticket_reply', 'portal_login')),
    to_email         TEXT NOT NULL CHECK (position('@' in to_email) > 1),
    to_name          TEXT NOT NULL,
    subject          TEXT NOT NULL,
    html_body        TEXT NOT NULL,
    text_body        TEXT NOT NULL,
    attachment       JSONB,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts         INTEGER NOT NULL CHECK (attempts >= 0),
    next_attempt_at  TIMESTAMPTZ NOT NULL,
    last_error       TEXT,
    created_at       TIMESTAMPTZ NOT NULL,
    sent_at          TIMESTAMPTZ
);
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX outbox_company ON outbox (company_id, created_at DESC);

CREATE TABLE activities (
    id          UUID PRIMARY KEY,
    company_id  UUID NOT NULL REFERENCES companies (id),
    client_id   UUID NOT NULL REFERENCES clients (id),
    at          TIMESTAMPTZ NOT NULL,
    actor       JSONB NOT NULL,
    kind        TEXT NOT NULL,
    detail      TEXT
);
CREATE INDEX activities_client ON activities (company_id, client_id, at DESC, id DESC);

-- Provider webhook events already applied: a redelivery finds its id here.
CREATE TABLE webhook_events (
    provider     TEXT NOT NULL,
    event_id     TEXT NOT NULL,
    received_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (provider, event_id)
);

-- Provider events that did not match their invoice, kept for an admin.
CREATE TABLE payment_reviews (
    id           UUID PRIMARY KEY,
    company_id   UUID NOT NULL REFERENCES companies (id),
    invoice_id   UUID,
    event_id     TEXT,
    reference    TEXT,
    amount       TEXT,
    currency     TEXT,
    reason       TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX payment_reviews_company ON payment_reviews (company_id, created_at DESC);

-- Staff users (admin UI, API). Emails are unique across companies: sign-in names no company.
CREATE TABLE staff_users (
    id                UUID PRIMARY KEY,
    company_id        UUID NOT NULL REFERENCES companies (id),
    email             TEXT NOT NULL CHECK (strpos(email, '@') > 1),
    email_normalized  TEXT NOT NULL,
    name              TEXT NOT NULL CHECK (length(name) > 0),
    password_hash     TEXT NOT NULL CHECK (length(password_hash) > 0),
    created_at        TIMESTAMPTZ NOT NULL,
    disabled          BOOLEAN NOT NULL,
    CONSTRAINT staff_users_email_key UNIQUE (email_normalized)
);
CREATE INDEX staff_users_company ON staff_users (company_id, name);

CREATE TABLE staff_sessions (
    id            UUID PRIMARY KEY,
    company_id    UUID NOT NULL REFERENCES companies (id),
    user_id       UUID NOT NULL REFERENCES staff_users (id),
    token_hash    BYTEA NOT NULL CHECK (length(token_hash) = 32),
    created_at    TIMESTAMPTZ NOT NULL,
    last_seen_at  TIMESTAMPTZ NOT NULL,
    expires_at    TIMESTAMPTZ NOT NULL,
    ended_at      TIMESTAMPTZ,
    CONSTRAINT staff_sessions_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX staff_sessions_user ON staff_sessions (company_id, user_id);

CREATE TABLE api_tokens (
    id            UUID PRIMARY KEY,
    company_id    UUID NOT NULL REFERENCES companies (id),
    user_id       UUID NOT NULL REFERENCES staff_users (id),
    name          TEXT NOT NULL CHECK (length(name) > 0),
    token_hash    BYTEA NOT NULL CHECK (length(token_hash) = 32),
    created_at    TIMESTAMPTZ NOT NULL,
    last_used_at  TIMESTAMPTZ,
    revoked_at    TIMESTAMPTZ,
    CONSTRAINT api_tokens_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX api_tokens_company ON api_tokens (company_id, created_at);

-- Fixed-window rate-limit counters shared by all app instances; `key` is a SHA-256 hex.
CREATE TABLE rate_limits (
    key           TEXT NOT NULL,
    window_start  TIMESTAMPTZ NOT NULL,
    window_end    TIMESTAMPTZ NOT NULL,
    hits          BIGINT NOT NULL CHECK (hits > 0),
    PRIMARY KEY (key, window_start)
);
CREATE INDEX rate_limits_end ON rate_limits (window_end);

-- Installation secrets shared by all app instances (e.g. the CSRF signing key).
CREATE TABLE app_secrets (
    name   TEXT PRIMARY KEY,
    value  BYTEA NOT NULL
);
