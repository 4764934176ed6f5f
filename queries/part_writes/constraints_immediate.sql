-- Foreign keys are DEFERRABLE INITIALLY DEFERRED (Django's): check them at each statement
-- for the rest of this transaction.
SET CONSTRAINTS ALL IMMEDIATE
