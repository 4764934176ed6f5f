-- The demo inventory: a small electronics workshop. Loaded by `inventree-mcp demo` and by the
-- tests, which assert exact figures against it (see tests/common/fixtures.rs).
-- Tree columns (tree_id, lft, rght, level) and pathstrings are computed at the end.

INSERT INTO django_content_type (id, app_label, model) VALUES
  (1, 'part', 'part'),
  (2, 'stock', 'stockitem'),
  (3, 'stock', 'stocklocation'),
  (4, 'auth', 'user'),
  (5, 'auth', 'group');

-- Users, one per kind of access. Passwords: demo/demo, viewer/viewer (pbkdf2_sha256 with
-- Django's 1,000,000 rounds), engineer/partsonly, allaccess/nolimits, nogroups/nogroups,
-- inactive/inactive (1,000 rounds).
INSERT INTO auth_user (id, password, is_superuser, username, first_name, last_name, email,
                       is_staff, is_active, date_joined) VALUES
  (1, 'pbkdf2_sha256$1000000$inventreemcpdemosalt01$EiZ0p6q0bj78kJNLidiJxtPkDQucwxbmruuCHN2nlGU=',
   true, 'demo', 'Demo', 'Admin', 'demo@example.com', true, true, '2026-01-05 09:00+00'),
  (2, 'pbkdf2_sha256$1000000$inventreemcpdemosalt01$h1Bph7fZl7iuCdPaAF9Gtr1d02URZaca90XR2J+fKJU=',
   false, 'viewer', 'Vera', 'Viewer', 'viewer@example.com', false, true, '2026-01-05 09:00+00'),
  (3, 'pbkdf2_sha256$1000$engsalt000000000000001$dWn83bv12B911QjZ87gfLASeyl6IP2YjxLWzTK2w5Qg=',
   false, 'engineer', 'Erin', 'Engineer', 'engineer@example.com', false, true, '2026-01-05 09:00+00'),
  (4, 'pbkdf2_sha256$1000$allsalt000000000000001$xDLAN4Hzqv9Otq8+VHMBv0fZUs4O+qJ4qZKLS2mBJ9c=',
   false, 'allaccess', 'Alex', 'Access', 'all@example.com', false, true, '2026-01-05 09:00+00'),
  (5, 'pbkdf2_sha256$1000$ngsalt0000000000000001$w9e3a2sOEBhnffQk55nYsRZ3if8bqZhEu8nyBzwX5fk=',
   false, 'nogroups', 'Nora', 'Nogroups', 'nogroups@example.com', false, true, '2026-01-05 09:00+00'),
  (6, 'pbkdf2_sha256$1000$inasalt000000000000001$1X+lzsw318MMW+J2Mi8nppYfOD0+E9Nzoqdi7bfdeU8=',
   false, 'inactive', 'Ian', 'Inactive', 'inactive@example.com', false, false, '2026-01-05 09:00+00');

-- Groups and their rule sets (v/a/c/d = can_view/add/change/delete):
--   readers:    v on every role but transfer_order
--   parts only: vacd on part, part_category and bom; nothing else
--   all access: vacd on every role but admin (v) and transfer_order (none)
INSERT INTO auth_group (id, name) VALUES (1, 'readers'), (2, 'parts only'), (3, 'all access');
INSERT INTO auth_user_groups (id, user_id, group_id) VALUES (1, 2, 1), (2, 3, 2), (3, 4, 3), (4, 6, 1);
INSERT INTO users_ruleset (id, name, can_view, can_add, can_change, can_delete, group_id)
SELECT row_number() OVER (ORDER BY g.id, r.ord), r.name,
       g.vacd[1] AND r.name <> 'transfer_order' AND (g.id <> 2 OR r.name IN ('part', 'part_category', 'bom')),
       g.vacd[2] AND r.name NOT IN ('transfer_order', 'admin') AND (g.id <> 2 OR r.name IN ('part', 'part_category', 'bom')),
       g.vacd[3] AND r.name NOT IN ('transfer_order', 'admin') AND (g.id <> 2 OR r.name IN ('part', 'part_category', 'bom')),
       g.vacd[4] AND r.name NOT IN ('transfer_order', 'admin') AND (g.id <> 2 OR r.name IN ('part', 'part_category', 'bom')),
       g.id
FROM (VALUES (1, ARRAY[true, false, false, false]), (2, ARRAY[true, true, true, true]),
             (3, ARRAY[true, true, true, true])) AS g(id, vacd)
CROSS JOIN unnest(ARRAY['admin', 'part_category', 'part', 'bom', 'stock_location', 'stock', 'build',
                        'purchase_order', 'sales_order', 'return_order', 'transfer_order'])
           WITH ORDINALITY AS r(name, ord);

INSERT INTO users_apitoken (id, created, key, name, expiry, revoked, user_id, metadata) VALUES
  (1, '2026-11-25 09:00+00', 'inv-d3m0d3m0d3m0d3m0d3m0d3m0d3m0d3m0d3m0d3m0-20261125', 'demo',
   '2099-12-31', false, 1, '{}'),
  (2, '2026-11-25 09:00+00', 'inv-71e3e371e3e371e3e371e3e371e3e371e3e371e3-20261125', 'viewer',
   '2099-12-31', false, 2, '{}'),
  (3, '2026-11-25 09:00+00', 'inv-e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1-20261125', 'engineer',
   '2099-12-31', false, 3, '{}'),
  (4, '2026-11-25 09:00+00', 'inv-a11a11a11a11a11a11a11a11a11a11a11a11a11a-20261125', 'allaccess',
   '2099-12-31', false, 4, '{}'),
  (5, '2026-11-25 09:00+00', 'inv-0000000000000000000000000000000000000000-20261125', 'nogroups',
   '2099-12-31', false, 5, '{}'),
  (6, '2026-11-25 09:00+00', 'inv-dead0dead0dead0dead0dead0dead0dead0dead0-20261125', 'inactive',
   '2099-12-31', false, 6, '{}');

-- A web login of viewer, signed with SECRET_KEY
-- 'inventree-mcp-demo-secret-key-not-for-production'.
INSERT INTO django_session (session_key, session_data, expire_date) VALUES
  ('v1ewerses5ion0000000000000000000',
   '.eJxVjDkOwjAUBe_iGlleMLEp6TmD5b_hAHKkOKkQd4dIKaB9M_NeKpd1qXntPOeR1Fk5dfjdoOCD2wboXtpt0ji1ZR5Bb4readfXifh52d2_g1p6_dYGBhjQ-siSKEWRZCk5K4TgA_ijWBNOITlGZmNj4YhQyEUOViIbr94f_Ls4ng:1vNYyu:CuVy60e4CqmYWBRu6vP9GKOYKoKiEh0KtFPHETjlAQM',
   '2099-12-31 00:00+00');

INSERT INTO users_owner (id, owner_id, owner_type_id) VALUES (1, 1, 4);

-- Part categories: three trees, up to three levels.
INSERT INTO part_partcategory (id, name, description, parent_id, structural, default_keywords,
                               level, lft, rght, tree_id, pathstring, metadata) VALUES
  (1, 'Electronics', 'Electronic components', NULL, true, NULL, 0, 0, 0, 0, '', '{}'),
  (2, 'Passives', 'Resistors, capacitors, inductors', 1, false, NULL, 0, 0, 0, 0, '', '{}'),
  (3, 'Resistors', 'Fixed resistors', 2, false, 'resistor', 0, 0, 0, 0, '', '{}'),
  (4, 'Capacitors', 'Ceramic and electrolytic capacitors', 2, false, NULL, 0, 0, 0, 0, '', '{}'),
  (5, 'ICs', 'Integrated circuits', 1, false, NULL, 0, 0, 0, 0, '', '{}'),
  (6, 'Microcontrollers', '8- and 32-bit MCUs', 5, false, NULL, 0, 0, 0, 0, '', '{}'),
  (7, 'Mechanical', 'Mechanical parts', NULL, false, NULL, 0, 0, 0, 0, '', '{}'),
  (8, 'Fasteners', 'Screws, nuts and washers', 7, false, NULL, 0, 0, 0, 0, '', '{}'),
  (9, 'Screws', 'Machine screws', 8, false, NULL, 0, 0, 0, 0, '', '{}'),
  (10, 'Enclosures', 'Cases and boxes', 7, false, NULL, 0, 0, 0, 0, '', '{}'),
  (11, 'Assemblies', 'Boards and kits we build', NULL, false, NULL, 0, 0, 0, 0, '', '{}');

-- Stock locations: Warehouse (structural) > shelves > bins, a workshop, an external store.
INSERT INTO stock_stocklocation (id, name, description, parent_id, structural, external,
                                 level, lft, rght, tree_id, pathstring, barcode_data, barcode_hash,
                                 metadata) VALUES
  (1, 'Warehouse', 'Main warehouse', NULL, true, false, 0, 0, 0, 0, '', '', '', '{}'),
  (2, 'Shelf A', 'Small parts shelf', 1, false, false, 0, 0, 0, 0, '', '', '', '{}'),
  (3, 'Bin A1', 'Resistor bin', 2, false, false, 0, 0, 0, 0, '', '', '', '{}'),
  (4, 'Bin A2', 'Capacitor bin', 2, false, false, 0, 0, 0, 0, '', '', '', '{}'),
  (5, 'Shelf B', 'Bulky items', 1, false, false, 0, 0, 0, 0, '', '', '', '{}'),
  (6, 'Workshop', 'Assembly workshop', NULL, false, false, 0, 0, 0, 0, '', '', '', '{}'),
  (7, 'Bench 1', 'Assembly bench', 6, false, false, 0, 0, 0, 0, '', '', '', '{}'),
  (8, 'Supplier consignment', 'Stock held at the supplier', NULL, false, true, 0, 0, 0, 0, '', '', '', '{}');

-- Parts. Columns after the name: description, IPN, revision, category, active, template,
-- variant of, assembly, component, purchaseable, salable, trackable, virtual, units, keywords,
-- minimum stock.
INSERT INTO part_part (id, name, description, "IPN", revision, category_id, active, is_template,
                       variant_of_id, assembly, component, purchaseable, salable, trackable, virtual,
                       units, keywords, minimum_stock, locked, testable, bom_validated, bom_checksum,
                       default_expiry, base_cost, multiple, maximum_stock, barcode_data, barcode_hash,
                       creation_date, creation_user_id, metadata, level, lft, rght, tree_id)
SELECT id, name, description, ipn, revision, category, active, template, variant_of, assembly,
       component, purchaseable, salable, trackable, virtual, units, keywords, minimum_stock,
       false, false, false, '', 0, 0, 1, 0, '', '', DATE '2026-01-10', 1, '{}', 0, 0, 0, 0
FROM (VALUES
  (1, 'Resistor 10k 0603', '10 kOhm 1% thick film resistor, 0603', 'R-0603-10K', '', 3, true, false, NULL::int, false, true, true, false, false, false, '', 'resistor smd', 1000),
  (2, 'Resistor 1k 0603', '1 kOhm 1% thick film resistor, 0603', 'R-0603-1K', '', 3, true, false, NULL, false, true, true, false, false, false, '', 'resistor smd', 500),
  (3, 'Resistor 4k7 0603', '4.7 kOhm 1% thick film resistor, 0603', 'R-0603-4K7', '', 3, true, false, NULL, false, true, true, false, false, false, '', 'resistor smd', 0),
  (4, 'Resistor 220R 0805', '220 Ohm 5% resistor, 0805, LED series', 'R-0805-220R', '', 3, true, false, NULL, false, true, true, false, false, false, '', 'resistor smd led', 0),
  (5, 'Resistor 47k 0603', '47 kOhm resistor, replaced by 10k', 'R-0603-47K', '', 3, false, false, NULL, false, true, true, false, false, false, '', 'resistor obsolete', 0),
  (6, 'Capacitor 100nF 0603', '100 nF X7R 50 V ceramic capacitor, 0603', 'C-0603-100N', '', 4, true, false, NULL, false, true, true, false, false, false, '', 'capacitor decoupling', 2000),
  (7, 'Capacitor 10uF 0805', '10 uF X5R 16 V ceramic capacitor, 0805', 'C-0805-10U', '', 4, true, false, NULL, false, true, true, false, false, false, '', 'capacitor bulk', 0),
  (8, 'Capacitor 22pF 0603', '22 pF C0G crystal load capacitor', 'C-0603-22P', '', 4, true, false, NULL, false, true, true, false, false, false, '', 'capacitor crystal', 0),
  (9, 'Electrolytic 470uF 25V', '470 uF 25 V aluminium electrolytic, radial', 'C-EL-470U', '', 4, true, false, NULL, false, true, true, false, false, false, '', 'capacitor', 0),
  (10, 'ATmega328P', '8-bit AVR microcontroller, 32 KB flash, TQFP-32', 'U-ATMEGA328P', '', 6, true, false, NULL, false, true, true, false, false, false, '', 'mcu avr arduino', 20),
  (11, 'STM32F103C8T6', 'ARM Cortex-M3 microcontroller, 64 KB flash, LQFP-48', 'U-STM32F103', '', 6, true, false, NULL, false, true, true, false, false, false, '', 'mcu arm', 0),
  (12, 'ESP32-WROOM-32E', 'Wi-Fi and Bluetooth module with ESP32', 'U-ESP32', 'B', 6, true, false, NULL, false, true, true, false, false, false, '', 'mcu wifi', 0),
  (13, 'LM7805 regulator', '5 V 1.5 A linear voltage regulator, TO-220', 'U-LM7805', '', 5, true, false, NULL, false, true, true, false, false, false, '', 'regulator power', 0),
  (14, 'NE555 timer', 'Precision timer IC, DIP-8', 'U-NE555', '', 5, true, false, NULL, false, true, true, false, false, false, '', 'timer', 0),
  (15, 'Screw M3x8', 'M3 x 8 mm pan head machine screw, A2 stainless', 'M-SCR-M3X8', '', 9, true, false, NULL, false, true, true, false, false, false, 'pcs', 'screw', 0),
  (16, 'Screw M3x12', 'M3 x 12 mm pan head machine screw, A2 stainless', 'M-SCR-M3X12', '', 9, true, false, NULL, false, true, true, false, false, false, 'pcs', 'screw', 0),
  (17, 'Screw M2.5x6', 'M2.5 x 6 mm machine screw for PCB standoffs', 'M-SCR-M25X6', '', 9, true, false, NULL, false, true, true, false, false, false, 'pcs', 'screw', 0),
  (18, 'Nut M3', 'M3 hex nut, A2 stainless', 'M-NUT-M3', '', 8, true, false, NULL, false, true, true, false, false, false, 'pcs', 'nut', 0),
  (19, 'Enclosure 100x60', 'ABS enclosure 100 x 60 x 25 mm (template)', 'M-ENC-100', '', 10, true, true, NULL, false, true, true, false, false, false, '', 'enclosure case', 10),
  (20, 'Enclosure 100x60 Black', 'ABS enclosure 100 x 60 x 25 mm, black', 'M-ENC-100-BK', '', 10, true, false, 19, false, true, true, false, false, false, '', 'enclosure case', 0),
  (21, 'Enclosure 100x60 Grey', 'ABS enclosure 100 x 60 x 25 mm, grey', 'M-ENC-100-GY', '', 10, true, false, 19, false, true, true, false, false, false, '', 'enclosure case', 0),
  (22, 'Sensor board', 'Temperature and humidity sensor PCB assembly', 'A-SENSOR', 'A', 11, true, false, NULL, true, true, false, true, true, false, '', 'assembly sensor', 5),
  (23, 'Controller board', 'ATmega328P controller PCB assembly', 'A-CTRL', 'A', 11, true, false, NULL, true, true, false, true, false, false, '', 'assembly controller', 0),
  (24, 'Sensor kit', 'Sensor board with controller in an enclosure', 'A-KIT', '', 11, true, false, NULL, true, false, false, true, false, false, '', 'kit', 0),
  (25, 'Assembly labour', 'One hour of assembly work', NULL, NULL, 11, true, false, NULL, false, true, false, false, false, true, 'hour', 'labour', 0),
  (26, 'Hookup wire 24AWG', 'Stranded hookup wire, red, per metre', NULL, NULL, NULL, true, false, NULL, false, true, true, false, false, false, 'm', 'wire cable', 0),
  (27, 'Crystal 16MHz', '16 MHz HC-49 crystal', 'Y-16M', '', 5, true, false, NULL, false, true, true, false, false, false, '', 'crystal clock', 0),
  (28, 'LED red 0805', 'Red LED, 0805', 'D-LED-RED', '', 1, true, false, NULL, false, true, true, false, false, false, '', 'led indicator', 0),
  (29, 'Header 1x6 2.54mm', 'Pin header, 6 pins, 2.54 mm pitch', 'J-HDR-1X6', '', 1, true, false, NULL, false, true, true, false, false, false, '', 'connector header', 0),
  (30, 'Thermal pad 20x20', 'Silicone thermal pad, 20 x 20 x 1 mm', 'M-TPAD-20', '', 7, true, false, NULL, false, true, true, false, false, false, '', '50% off_clearance', 0)
) AS p(id, name, description, ipn, revision, category, active, template, variant_of, assembly,
       component, purchaseable, salable, trackable, virtual, units, keywords, minimum_stock);

INSERT INTO taggit_tag (id, name, slug) VALUES
  (1, 'smd', 'smd'), (2, '0603', '0603'), (3, 'mcu', 'mcu'), (4, 'obsolete', 'obsolete'),
  (5, 'Obsolete', 'obsolete_1'), (6, 'through-hole', 'through-hole');
INSERT INTO taggit_taggeditem (id, object_id, content_type_id, tag_id) VALUES
  (1, 1, 1, 1), (2, 1, 1, 2), (3, 2, 1, 1), (4, 2, 1, 2), (5, 3, 1, 1), (6, 3, 1, 2),
  (7, 6, 1, 1), (8, 6, 1, 2), (9, 7, 1, 1), (10, 10, 1, 3), (11, 11, 1, 3), (12, 12, 1, 3),
  (13, 5, 1, 4), (14, 14, 1, 5), (15, 13, 1, 6), (16, 14, 1, 6), (17, 9, 1, 6),
  -- a tagged stock item, which must not leak into part tags
  (18, 1, 2, 3);

-- Parameters. `data` as entered; `data_numeric` as InvenTree computes it (the value in the
-- template's units; NULL for text). R is a custom unit (R = ohm), as in InvenTree's demo.
INSERT INTO common_customunit (id, name, symbol, definition) VALUES (1, 'R', '', 'ohm');
INSERT INTO part_partparametertemplate (id, name, units, description, checkbox, choices,
                                        selectionlist_id, enabled, model_type_id, metadata) VALUES
  (1, 'Resistance', 'ohms', 'Resistance value', false, '', NULL, true, NULL, '{}'),
  (2, 'Capacitance', 'F', 'Capacitance value', false, '', NULL, true, NULL, '{}'),
  (3, 'Package', '', 'Package or footprint', false, '', NULL, true, NULL, '{}'),
  (4, 'Tolerance', 'percent', '', false, '', NULL, true, NULL, '{}'),
  (5, 'Voltage', 'V', 'Rated voltage', false, '', NULL, true, NULL, '{}'),
  (6, 'Length', 'mm', '', false, '', NULL, true, NULL, '{}'),
  (7, 'Color', '', '', false, 'Red, Green, Blue, Black, Grey', NULL, true, NULL, '{}'),
  (8, 'RoHS', '', 'RoHS compliant', true, '', NULL, true, NULL, '{}');
INSERT INTO part_partparameter (id, model_type_id, model_id, template_id, data, data_numeric,
                                note, updated, updated_by_id, metadata) VALUES
  (1, 1, 1, 1, '10k', 10000, '', '2026-01-10 09:00+00', 1, '{}'),
  (2, 1, 1, 3, '0603', 603, '', '2026-01-10 09:00+00', 1, '{}'),
  (3, 1, 1, 4, '1', 1, '', '2026-01-10 09:00+00', 1, '{}'),
  (4, 1, 1, 8, 'True', 1, '', '2026-01-10 09:00+00', 1, '{}'),
  (5, 1, 2, 1, '1kohm', 1000, '', '2026-01-10 09:00+00', 1, '{}'),
  (6, 1, 2, 3, '0603', 603, '', '2026-01-10 09:00+00', 1, '{}'),
  (7, 1, 2, 4, '1', 1, '', '2026-01-10 09:00+00', 1, '{}'),
  (8, 1, 2, 8, 'True', 1, '', '2026-01-10 09:00+00', 1, '{}'),
  (9, 1, 3, 1, '4k7', 4700, '', '2026-01-10 09:00+00', 1, '{}'),
  (10, 1, 3, 3, '0603', 603, '', '2026-01-10 09:00+00', 1, '{}'),
  (11, 1, 3, 4, '1', 1, '', '2026-01-10 09:00+00', 1, '{}'),
  (12, 1, 4, 1, '220R', 220, '', '2026-01-10 09:00+00', 1, '{}'),
  (13, 1, 4, 3, '0805', 805, '', '2026-01-10 09:00+00', 1, '{}'),
  (14, 1, 4, 4, '5', 5, '', '2026-01-10 09:00+00', 1, '{}'),
  (15, 1, 4, 8, 'False', 0, 'leaded solder', '2026-01-10 09:00+00', 1, '{}'),
  (16, 1, 5, 1, '47 kohm', 47000, '', '2026-01-10 09:00+00', 1, '{}'),
  (17, 1, 5, 3, '0603', 603, '', '2026-01-10 09:00+00', 1, '{}'),
  (18, 1, 6, 2, '100nF', 1.0000000000000002e-07, '', '2026-01-10 09:00+00', 1, '{}'),
  (19, 1, 6, 5, '50 V', 50, '', '2026-01-10 09:00+00', 1, '{}'),
  (20, 1, 6, 3, '0603', 603, '', '2026-01-10 09:00+00', 1, '{}'),
  (21, 1, 7, 2, '10uF', 1.0000000000000003e-05, '', '2026-01-10 09:00+00', 1, '{}'),
  (22, 1, 7, 5, '16', 16, '', '2026-01-10 09:00+00', 1, '{}'),
  (23, 1, 7, 3, '0805', 805, '', '2026-01-10 09:00+00', 1, '{}'),
  (24, 1, 8, 2, '22pF', 2.2e-11, '', '2026-01-10 09:00+00', 1, '{}'),
  (25, 1, 8, 5, '50V', 50, '', '2026-01-10 09:00+00', 1, '{}'),
  (26, 1, 8, 3, '0603', 603, '', '2026-01-10 09:00+00', 1, '{}'),
  (27, 1, 9, 2, '470uF', 0.00047, '', '2026-01-10 09:00+00', 1, '{}'),
  (28, 1, 9, 5, '25', 25, '', '2026-01-10 09:00+00', 1, '{}'),
  (29, 1, 9, 3, 'Radial', NULL, '', '2026-01-10 09:00+00', 1, '{}'),
  (30, 1, 15, 6, '8', 8, '', '2026-01-10 09:00+00', 1, '{}'),
  (31, 1, 16, 6, '12', 12, '', '2026-01-10 09:00+00', 1, '{}'),
  (32, 1, 17, 6, '6 mm', 6, '', '2026-01-10 09:00+00', 1, '{}'),
  (33, 1, 28, 7, 'Red', NULL, '', '2026-01-10 09:00+00', 1, '{}'),
  (34, 1, 28, 3, '0805', 805, '', '2026-01-10 09:00+00', 1, '{}'),
  (35, 1, 20, 7, 'Black', NULL, '', '2026-01-10 09:00+00', 1, '{}'),
  (36, 1, 21, 7, 'Grey', NULL, '', '2026-01-10 09:00+00', 1, '{}');

INSERT INTO company_company (id, name, description, website, phone, email, contact, link, notes,
                             is_customer, is_supplier, is_manufacturer, currency, active, tax_id,
                             metadata) VALUES
  (1, 'Acme Components', 'Electronic component distributor', '', '', NULL, '', '', NULL,
   false, true, false, 'EUR', true, '', '{}'),
  (2, 'Globex Robotics', 'Customer building robots', '', '', NULL, '', '', NULL,
   true, false, false, 'EUR', true, '', '{}');

INSERT INTO part_supplierpart (id, "SKU", base_cost, multiple, part_id, supplier_id, available,
                               barcode_data, barcode_hash, pack_quantity, pack_quantity_native,
                               active, "primary", metadata) VALUES
  (1, 'ACME-R10K-0603', 0, 1, 1, 1, 0, '', '', '1', 1, true, true, '{}'),
  (2, 'ACME-C100N-REEL', 0, 1, 6, 1, 0, '', '', '4000', 4000, true, true, '{}'),
  (3, 'ACME-ATMEGA328P', 0, 1, 10, 1, 0, '', '', '1', 1, true, true, '{}');

-- Purchase orders: PO-0001 placed (open), PO-0002 complete.
INSERT INTO order_purchaseorder (id, reference, reference_int, description, link, status,
                                 supplier_id, supplier_reference, creation_date, target_date,
                                 barcode_data, barcode_hash, metadata) VALUES
  (1, 'PO-0001', 1, 'Restock passives and MCUs', '', 20, 1, 'ACME-7781', '2026-10-01',
   '2026-10-20', '', '', '{}'),
  (2, 'PO-0002', 2, 'First resistor order', '', 30, 1, 'ACME-7702', '2026-03-01', '2026-03-15',
   '', '', '{}');
INSERT INTO order_purchaseorderlineitem (id, quantity, reference, received, order_id, part_id,
                                         notes, link, line, line_int, metadata) VALUES
  (1, 5000, 'R1', 1000, 1, 1, '', '', '1', 1, '{}'),
  (2, 2, '', 0, 1, 2, '', '', '2', 2, '{}'),      -- two reels of 4000 capacitors
  (3, 10, '', 10, 1, 3, '', '', '3', 3, '{}'),    -- fully received: nothing on order
  (4, 1000, '', 1000, 2, 1, '', '', '1', 1, '{}');

UPDATE order_purchaseorderlineitem SET purchase_price = 0.002, purchase_price_currency = 'EUR'
WHERE id = 1;
UPDATE order_purchaseorderlineitem SET purchase_price = 24.50, purchase_price_currency = 'EUR'
WHERE id = 2;
UPDATE order_purchaseorder SET total_price = 59.00, total_price_currency = 'EUR' WHERE id = 1;

-- Sales order SO-0001 in progress (open) for Globex; SO-0002 shipped.
INSERT INTO order_salesorder (id, reference, reference_int, description, link, status,
                              customer_id, customer_reference, creation_date, target_date,
                              barcode_data, barcode_hash, metadata) VALUES
  (1, 'SO-0001', 1, 'Robot controller parts', '', 15, 2, 'GX-100', '2026-11-01', '2026-12-01',
   '', '', '{}'),
  (2, 'SO-0002', 2, 'Sensor boards', '', 20, 2, 'GX-090', '2026-09-01', '2026-09-20', '', '',
   '{}');
INSERT INTO order_salesorderlineitem (id, quantity, reference, notes, order_id, part_id, shipped,
                                      link, line, line_int, metadata) VALUES
  (1, 600, '', '', 1, 1, 100, '', '1', 1, '{}'),
  (2, 3, '', '', 2, 22, 3, '', '1', 1, '{}');

-- BOMs: Sensor kit > Sensor board and Controller board > components.
INSERT INTO part_bomitem (id, part_id, sub_part_id, quantity, note, reference, checksum, optional,
                          inherited, allow_variants, consumable, validated, attrition,
                          rounding_multiple, setup_quantity, raw_amount, metadata) VALUES
  (1, 22, 1, 4, '', 'R1-R4', '', false, false, false, false, false, 0, NULL, 0, '', '{}'),
  (2, 22, 6, 3, '', 'C1-C3', '', false, false, false, false, false, 0, NULL, 0, '', '{}'),
  (3, 22, 29, 1, '', 'J1', '', false, false, false, false, false, 0, NULL, 0, '', '{}'),
  (4, 23, 10, 1, '', 'U1', '', false, false, false, false, false, 0, NULL, 0, '', '{}'),
  (5, 23, 27, 1, '', 'Y1', '', false, false, false, false, false, 0, NULL, 0, '', '{}'),
  (6, 23, 8, 2, '', 'C1 C2', '', false, false, false, false, false, 0, NULL, 0, '', '{}'),
  (7, 23, 6, 4, '', 'C3-C6', '', false, false, false, false, false, 10, NULL, 5, '', '{}'),
  (8, 23, 4, 1, '', 'R1', '', true, false, false, false, false, 0, NULL, 0, '', '{}'),
  (9, 23, 28, 1, '', 'D1', '', true, false, false, false, false, 0, NULL, 0, '', '{}'),
  (10, 24, 22, 1, '', '', '', false, false, false, false, false, 0, NULL, 0, '', '{}'),
  (11, 24, 23, 1, '', '', '', false, false, false, false, false, 0, NULL, 0, '', '{}'),
  (12, 24, 19, 1, '', '', '', false, false, true, false, false, 0, NULL, 0, '', '{}'),
  (13, 24, 15, 4, '', '', '', false, false, false, true, false, 0, 10, 0, '', '{}'),
  (14, 24, 25, 0.5, '', '', '', false, false, false, false, false, 0, NULL, 0, '', '{}');

-- Builds: BO-0001 in production (10 sensor boards, 2 done), BO-0002 complete.
INSERT INTO build_build (id, reference, reference_int, title, part_id, quantity, completed, status,
                         creation_date, target_date, link, priority, external, barcode_data,
                         barcode_hash, metadata, destination_id, level, lft, rght, tree_id) VALUES
  (1, 'BO-0001', 1, 'Sensor boards for SO-0001', 22, 10, 2, 20, '2026-11-02', '2026-11-30', '', 0,
   false, '', '', '{}', 7, 0, 1, 2, 1),
  (2, 'BO-0002', 2, 'First sensor boards', 22, 3, 3, 40, '2026-08-20', '2026-09-01', '', 0,
   false, '', '', '{}', 7, 0, 1, 2, 2);
INSERT INTO build_buildline (id, quantity, bom_item_id, build_id, consumed) VALUES
  (1, 40, 1, 1, 8), (2, 30, 2, 1, 6), (3, 10, 3, 1, 2),
  (4, 12, 1, 2, 12);

-- Stock items. Only OK (10), Attention (50), Damaged (55) and Returned (85) items with a positive
-- quantity that are not sold, installed, consumed or in production count as in stock.
INSERT INTO stock_stockitem (id, part_id, location_id, quantity, status, serial, serial_int, batch,
                             notes, customer_id, sales_order_id, belongs_to_id, consumed_by_id,
                             build_id, is_building, expiry_date, link, delete_on_deplete,
                             barcode_data, barcode_hash, metadata, updated, creation_date,
                             level, lft, rght, tree_id)
SELECT id, part_id, location_id, quantity, status, serial, COALESCE(serial::int, 0), batch, notes,
       customer, sales_order, belongs_to, consumed_by, build, building, expiry, '', true, '', '',
       '{}', TIMESTAMPTZ '2026-11-20 10:00+00', TIMESTAMPTZ '2026-06-01 10:00+00', 0, 0, 0, 0
FROM (VALUES
  -- Resistor 10k: in stock 4000 + 1000 + 500 + 25 + 1000 (external) = 6525
  (1, 1, 3, 4000, 10, NULL::text, 'R10K-2611', NULL::text, NULL::int, NULL::int, NULL::int, NULL::int, NULL::int, false, NULL::date),
  (2, 1, 4, 1000, 50, NULL, 'R10K-2609', 'Reel label damaged', NULL, NULL, NULL, NULL, NULL, false, NULL),
  (3, 1, 3, 500, 55, NULL, 'R10K-2603', NULL, NULL, NULL, NULL, NULL, NULL, false, NULL),
  (4, 1, 5, 200, 70, NULL, 'R10K-2601', 'Lost in the move', NULL, NULL, NULL, NULL, NULL, false, NULL),
  (5, 1, 3, 100, 60, NULL, 'R10K-2601', NULL, NULL, NULL, NULL, NULL, NULL, false, NULL),
  (6, 1, 5, 50, 75, NULL, 'R10K-2605', 'Awaiting inspection', NULL, NULL, NULL, NULL, NULL, false, NULL),
  (7, 1, 7, 300, 10, NULL, 'R10K-2611', NULL, NULL, NULL, NULL, 1, NULL, false, NULL),
  (8, 1, 7, 25, 85, NULL, 'R10K-2611', 'Returned by customer', NULL, NULL, NULL, NULL, NULL, false, NULL),
  (9, 1, 3, 0, 10, NULL, 'R10K-2512', NULL, NULL, NULL, NULL, NULL, NULL, false, NULL),
  (10, 1, 8, 1000, 10, NULL, 'R10K-2611', NULL, NULL, NULL, NULL, NULL, NULL, false, NULL),
  -- Resistor 1k: 2000 in stock, 150 rejected
  (11, 2, 3, 2000, 10, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, NULL),
  (12, 2, 3, 150, 65, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, NULL),
  (13, 3, 3, 750, 10, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, NULL),
  (14, 4, 3, 300, 10, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, NULL),
  (15, 6, 4, 8000, 10, NULL, 'C100N-A', NULL, NULL, NULL, NULL, NULL, NULL, false, NULL),
  (16, 6, 4, 1500, 10, NULL, 'C100N-B', NULL, NULL, NULL, NULL, NULL, NULL, false, '2026-06-30'),
  (17, 7, 4, 400, 10, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, NULL),
  (18, 8, 4, 250, 10, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, NULL),
  (19, 10, 2, 12, 10, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, NULL),
  (20, 10, 2, 3, 50, NULL, NULL, 'Bent pins', NULL, NULL, NULL, NULL, NULL, false, NULL),
  (21, 11, 2, 25, 10, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, NULL),
  (22, 13, 5, 40, 10, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, NULL),
  (23, 15, 5, 950, 10, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, NULL),
  (24, 16, 5, 400, 10, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, NULL),
  (25, 18, 5, 1200, 10, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, NULL),
  -- Enclosures: the template holds no stock itself; its variants do
  (26, 20, 5, 30, 10, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, NULL),
  (27, 21, 5, 12, 10, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, NULL),
  (28, 21, 5, 5, 65, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, NULL),
  -- Sensor boards (trackable, serialized): 2 on the shelf, 3 shipped to Globex, 5 in production,
  -- one installed in a kit
  (29, 22, 2, 1, 10, '1001', NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, NULL),
  (30, 22, 2, 1, 10, '1002', NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, NULL),
  (31, 22, NULL, 1, 10, '1003', NULL, NULL, 2, 2, NULL, NULL, 2, false, NULL),
  (32, 22, NULL, 1, 10, '1004', NULL, NULL, 2, 2, NULL, NULL, 2, false, NULL),
  (33, 22, NULL, 1, 10, '1005', NULL, NULL, 2, 2, NULL, NULL, 2, false, NULL),
  (34, 22, 7, 5, 10, NULL, 'BO-0001', NULL, NULL, NULL, NULL, NULL, 1, true, NULL),
  (35, 24, 2, 1, 10, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, NULL),
  (36, 22, NULL, 1, 10, '1006', NULL, NULL, NULL, NULL, 35, NULL, 2, false, NULL),
  (37, 23, 2, 4, 10, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, NULL),
  (38, 27, 3, 60, 10, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, NULL),
  (39, 29, 3, 90, 10, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, NULL),
  (40, 26, 7, 35.5, 10, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, NULL)
) AS s(id, part_id, location_id, quantity, status, serial, batch, notes, customer, sales_order,
       belongs_to, consumed_by, build, building, expiry);

-- A custom stock state: "Needs rework", logically Attention needed (50), on the bent MCUs.
INSERT INTO common_inventreecustomuserstatemodel (id, key, name, label, color, logical_key,
                                                  reference_status, model_id) VALUES
  (1, 101, 'REWORK', 'Needs rework', 'warning', 50, 'StockStatus', 2);
UPDATE stock_stockitem SET status_custom_key = 101 WHERE id = 20;

-- History of the 10k resistors on Bin A1.
INSERT INTO stock_stockitemtracking (id, date, notes, item_id, user_id, deltas, tracking_type,
                                     part_id) VALUES
  (1, '2026-06-01 10:00+00', '', 1, 1, '{"status": 10, "quantity": 5000.0}', 1, 1),
  (2, '2026-11-02 14:30+00', 'Reel for BO-0001', 1, 3, '{"removed": 1000.0, "quantity": 4000.0}', 12, 1),
  (3, '2026-11-03 08:15+00', NULL, 1, NULL, '{"location": 3}', 20, 1);

-- Allocations: 500 of item 1 to SO-0001 (not shipped), 200 of item 1 to BO-0001.
INSERT INTO order_salesorderallocation (id, quantity, item_id, line_id, shipment_id) VALUES
  (1, 500, 1, 1, NULL);
INSERT INTO build_builditem (id, quantity, stock_item_id, install_into_id, build_line_id, metadata)
VALUES (1, 200, 1, NULL, 1, '{}');

-- Return order RMA-0001 in progress for Globex: the 25 resistors of item 8, received back and
-- to be returned as they are.
INSERT INTO order_returnorder (id, reference, reference_int, description, link, status,
                               customer_id, customer_reference, creation_date, issue_date,
                               target_date, barcode_data, barcode_hash, metadata) VALUES
  (1, 'RMA-0001', 1, 'Resistors sent in error', '', 20, 2, 'GX-R-12', '2026-11-10', '2026-11-12',
   '2026-12-15', '', '', '{}');
INSERT INTO order_returnorderlineitem (id, quantity, reference, notes, received_date, outcome,
                                       link, item_id, order_id, line, line_int, metadata) VALUES
  (1, 25, '', '', '2026-11-14', 20, '', 8, 1, '1', 1, '{}');

-- Tree columns, as django-mptt lays them out: one tree per root (roots ordered by name),
-- children ordered by name, lft/rght a depth-first numbering, level the depth; pathstrings are
-- the names from the root down, joined by '/'.

WITH RECURSIVE walk AS (
  SELECT id, ARRAY[id] AS ids, ARRAY[name::text] AS names, 0 AS depth
  FROM part_partcategory WHERE parent_id IS NULL
  UNION ALL
  SELECT t.id, w.ids || t.id, w.names || t.name::text, w.depth + 1
  FROM part_partcategory t JOIN walk w ON t.parent_id = w.id
), numbered AS (
  SELECT w.id, w.depth, w.names,
         dense_rank() OVER (ORDER BY w.names[1], w.ids[1]) AS tree,
         row_number() OVER (PARTITION BY w.ids[1] ORDER BY w.names, w.ids) - 1 AS pre,
         (SELECT count(*) FROM walk d WHERE d.ids[1:w.depth + 1] = w.ids) AS size
  FROM walk w
)
UPDATE part_partcategory t
SET tree_id = n.tree, level = n.depth, lft = 2 * n.pre - n.depth + 1,
    rght = 2 * n.pre - n.depth + 2 * n.size,
    pathstring = array_to_string(n.names, '/')
FROM numbered n WHERE n.id = t.id;

WITH RECURSIVE walk AS (
  SELECT id, ARRAY[id] AS ids, ARRAY[name::text] AS names, 0 AS depth
  FROM stock_stocklocation WHERE parent_id IS NULL
  UNION ALL
  SELECT t.id, w.ids || t.id, w.names || t.name::text, w.depth + 1
  FROM stock_stocklocation t JOIN walk w ON t.parent_id = w.id
), numbered AS (
  SELECT w.id, w.depth, w.names,
         dense_rank() OVER (ORDER BY w.names[1], w.ids[1]) AS tree,
         row_number() OVER (PARTITION BY w.ids[1] ORDER BY w.names, w.ids) - 1 AS pre,
         (SELECT count(*) FROM walk d WHERE d.ids[1:w.depth + 1] = w.ids) AS size
  FROM walk w
)
UPDATE stock_stocklocation t
SET tree_id = n.tree, level = n.depth, lft = 2 * n.pre - n.depth + 1,
    rght = 2 * n.pre - n.depth + 2 * n.size,
    pathstring = array_to_string(n.names, '/')
FROM numbered n WHERE n.id = t.id;

WITH RECURSIVE walk AS (
  SELECT id, ARRAY[id] AS ids, ARRAY[name::text] AS names, 0 AS depth
  FROM part_part WHERE variant_of_id IS NULL
  UNION ALL
  SELECT t.id, w.ids || t.id, w.names || t.name::text, w.depth + 1
  FROM part_part t JOIN walk w ON t.variant_of_id = w.id
), numbered AS (
  SELECT w.id, w.depth, w.names,
         dense_rank() OVER (ORDER BY w.names[1], w.ids[1]) AS tree,
         row_number() OVER (PARTITION BY w.ids[1] ORDER BY w.names, w.ids) - 1 AS pre,
         (SELECT count(*) FROM walk d WHERE d.ids[1:w.depth + 1] = w.ids) AS size
  FROM walk w
)
UPDATE part_part t
SET tree_id = n.tree, level = n.depth, lft = 2 * n.pre - n.depth + 1,
    rght = 2 * n.pre - n.depth + 2 * n.size
FROM numbered n WHERE n.id = t.id;

-- Stock items here were never split: each is the root of its own tree.
UPDATE stock_stockitem SET tree_id = id, lft = 1, rght = 2, level = 0;

-- Identity sequences continue after the fixed ids.
DO $$
DECLARE
  t text;
BEGIN
  FOR t IN SELECT unnest(ARRAY['django_content_type', 'auth_user', 'auth_group', 'auth_user_groups',
      'users_ruleset', 'users_apitoken', 'users_owner', 'part_partcategory', 'stock_stocklocation',
      'part_part', 'taggit_tag', 'taggit_taggeditem', 'company_company', 'part_supplierpart',
      'order_purchaseorder', 'order_purchaseorderlineitem', 'order_salesorder',
      'order_salesorderlineitem', 'part_bomitem', 'build_build', 'build_buildline',
      'stock_stockitem', 'order_salesorderallocation', 'build_builditem',
      'common_inventreecustomuserstatemodel', 'stock_stockitemtracking', 'order_returnorder',
      'order_returnorderlineitem', 'common_customunit', 'part_partparametertemplate',
      'part_partparameter'])
  LOOP
    EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, ''id''), (SELECT max(id) FROM %I))', t, t);
  END LOOP;
END $$;
