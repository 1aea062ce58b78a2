-- A client's own dunning levels (domain/dunning/levels.rs: DunningSchedule, as JSON) where
-- they differ from the company's; NULL: the company's.
ALTER TABLE clients ADD COLUMN dunning_schedule TEXT;
-- A dunning run reads the few clients with a block or their own levels from this index,
-- whichever of the two they have (it replaces the block-only one).
DROP INDEX clients_dunning_blocked;
CREATE INDEX clients_dunning_exceptions ON clients (company_id)
    WHERE dunning_block IS NOT NULL OR dunning_schedule IS NOT NULL;
