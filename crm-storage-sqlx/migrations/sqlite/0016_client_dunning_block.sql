-- A client's dunning block (domain/dunning/block.rs: a reason and an optional last day), as
-- JSON; NULL: reminders go out as the schedule says.
ALTER TABLE clients ADD COLUMN dunning_block TEXT;
-- The few blocked clients a dunning run leaves out, without reading the others.
CREATE INDEX clients_dunning_blocked ON clients (company_id) WHERE dunning_block IS NOT NULL;
