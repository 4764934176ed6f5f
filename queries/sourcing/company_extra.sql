-- What get_company adds to a company: its other fields, and its open orders counted with
-- InvenTree's open sets (purchase orders pending, placed or on hold {10, 20, 25}; sales
-- orders pending, in progress or on hold {10, 15, 25}).
SELECT c.contact,
       c.link,
       c.tax_id,
       c.notes,
       (SELECT count(*) FROM order_purchaseorder o
        WHERE o.supplier_id = c.id AND o.status IN (10, 20, 25)) AS "open_purchase_orders!",
       (SELECT count(*) FROM order_salesorder o
        WHERE o.customer_id = c.id AND o.status IN (10, 15, 25)) AS "open_sales_orders!"
FROM company_company c
WHERE c.id = $1
