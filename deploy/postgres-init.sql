-- Rasa's trackers get a database of their own (the application's is POSTGRES_DB).
CREATE DATABASE komm_mit_tracker OWNER komm_mit;
