-- The Klarna partner account that authorized a payment: its captures, refunds, voids and reads go
-- there after the merchant moves to another account. NULL for payments stored before (the
-- merchant's current account is used, as before).
ALTER TABLE payments ADD COLUMN partner_account_id TEXT;
