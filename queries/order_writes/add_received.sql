-- A line's received count (in supplier packs) raised by a receipt.
UPDATE order_purchaseorderlineitem SET received = received + $2::float8::numeric WHERE id = $1
