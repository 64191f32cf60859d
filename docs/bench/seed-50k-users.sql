-- Seeds 50,000 people into the org with slug "bigorg" of a running dev instance (see docs/performance.md).
\timing on
CREATE TEMP TABLE syl(s text);
INSERT INTO syl VALUES ('an'),('bel'),('car'),('dor'),('el'),('fin'),('gar'),('hol'),('is'),('jen'),('kal'),('lor'),('mar'),('nor'),('ol'),('pen'),('quin'),('ros'),('sal'),('tor'),('ul'),('ven'),('wil'),('xan'),('yor'),('zel'),('ber'),('con'),('dal'),('ew');
CREATE TEMP TABLE firsts AS SELECT row_number() OVER () AS i, name FROM (SELECT initcap(a.s || b.s) AS name FROM syl a, syl b ORDER BY random() LIMIT 400) x;
CREATE TEMP TABLE lasts AS SELECT row_number() OVER () AS i, name FROM (SELECT initcap(a.s || b.s || c.s) AS name FROM syl a, syl b, syl c ORDER BY random() LIMIT 8000) x;
CREATE TEMP TABLE titles(i int, t text);
INSERT INTO titles SELECT i, t FROM unnest(ARRAY['Nurse','Night Nurse','Porter','Cleaner','Chef','Head Chef','Driver','Electrician','Plumber','Manager','Ward Sister','Receptionist','Security Officer','Pharmacist','Radiographer','Physiotherapist','Midwife','Surgeon','Consultant','Administrator']) WITH ORDINALITY AS x(t, i);
CREATE TEMP TABLE depts(i int, d text);
INSERT INTO depts SELECT i, d FROM unnest(ARRAY['Cardiology','Oncology','Logistics','Kitchen','Estates','Maternity','Radiology','Pharmacy','Emergency','Surgery','Finance','Human Resources','Facilities','Paediatrics','Neurology','Orthopaedics','Outpatients','Theatres','Security','IT Services']) WITH ORDINALITY AS x(d, i);
INSERT INTO directory.users (id, org_id, username, display_name, title, department, roles, password_hash)
SELECT gen_random_uuid(), o.id, 'u' || g, f.name || ' ' || l.name, t.t, d.d, '{member}', 'not-a-hash'
FROM directory.orgs o, generate_series(1, 50000) g
JOIN firsts f ON f.i = 1 + (g::bigint * 7919) % 400
JOIN lasts l ON l.i = 1 + (g::bigint * 104729) % 8000
JOIN titles t ON t.i = 1 + (g * 31) % 20
JOIN depts d ON d.i = 1 + (g * 17) % 20
WHERE o.slug = 'bigorg';
INSERT INTO directory.user_words (org_id, word, user_id)
SELECT DISTINCT u.org_id, w, u.id FROM directory.users u, LATERAL (
  SELECT regexp_split_to_table(lower(u.username || ' ' || u.display_name || ' ' || coalesce(u.title,'') || ' ' || coalesce(u.department,'')), '[^a-z0-9]+') AS w
  UNION SELECT lower(u.username)) x
WHERE u.org_id = (SELECT id FROM directory.orgs WHERE slug='bigorg') AND w <> '' AND u.username <> 'admin'
ON CONFLICT DO NOTHING;
INSERT INTO directory.org_words (org_id, word) SELECT DISTINCT org_id, word FROM directory.user_words ON CONFLICT DO NOTHING;
ANALYZE directory.users; ANALYZE directory.user_words; ANALYZE directory.org_words;
SELECT count(*) AS users FROM directory.users; SELECT count(*) AS words FROM directory.user_words; SELECT count(*) AS distinct_words FROM directory.org_words;
SELECT display_name, title, department FROM directory.users WHERE username IN ('u1','u2','u3');
