//! Seeding: fill a database with a realistic data set fast (see issue: storage).
