-- A query workload for the sqlite3 shell, scaled by scale(n) (the runner creates that table
-- first): bulk inserts from recursive CTEs, indexes, joins, aggregates, a window function,
-- string functions, updates and deletes. Every result is deterministic.
CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT, region INTEGER, score REAL);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < (SELECT n * 2000 FROM scale))
INSERT INTO customers
  SELECT i, 'customer-' || printf('%06d', (i * 7919) % 1000003), i % 17,
         ((i * 2654435761) % 100000) / 1000.0 FROM c;
CREATE TABLE orders(id INTEGER PRIMARY KEY, customer INTEGER, amount INTEGER, day INTEGER, note TEXT);
WITH RECURSIVE o(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM o WHERE i < (SELECT n * 20000 FROM scale))
INSERT INTO orders
  SELECT i, 1 + (i * 48271) % (SELECT n * 2000 FROM scale), (i * 16807) % 10007, i % 365,
         substr('abcdefghijklmnopqrstuvwxyz', 1 + i % 26, 1 + i % 7) FROM o;
CREATE INDEX orders_customer ON orders(customer);
CREATE INDEX orders_day ON orders(day, amount);
SELECT count(*), sum(amount), min(amount), max(amount) FROM orders;
SELECT region, count(*), round(avg(score), 3) FROM customers GROUP BY region ORDER BY region;
SELECT c.region, sum(o.amount) AS total FROM orders o JOIN customers c ON c.id = o.customer
  GROUP BY c.region ORDER BY total DESC LIMIT 5;
SELECT day, count(*), sum(amount) FROM orders WHERE day BETWEEN 100 AND 110 GROUP BY day;
SELECT name, total FROM (SELECT customer, sum(amount) AS total FROM orders GROUP BY customer) t
  JOIN customers ON id = customer ORDER BY total DESC, name LIMIT 10;
SELECT customer, amount, rank() OVER (PARTITION BY customer % 10 ORDER BY amount DESC) AS r
  FROM orders WHERE id % 997 = 0 ORDER BY r, customer, amount LIMIT 10;
SELECT note, count(*), group_concat(DISTINCT length(note)) FROM orders GROUP BY note
  ORDER BY count(*) DESC, note LIMIT 8;
UPDATE orders SET amount = amount + 1 WHERE day % 7 = 0;
DELETE FROM orders WHERE amount % 13 = 0;
SELECT count(*), sum(amount) FROM orders;
SELECT count(DISTINCT customer) FROM orders WHERE note LIKE '%c%';
SELECT sum(length(replace(upper(name), 'CUSTOMER', 'c'))), hex(substr(max(name), 1, 12)) FROM customers;
SELECT o1.day, count(*) FROM orders o1 JOIN orders o2 ON o1.customer = o2.customer AND o1.id < o2.id
  WHERE o1.day < 5 GROUP BY o1.day ORDER BY o1.day;
