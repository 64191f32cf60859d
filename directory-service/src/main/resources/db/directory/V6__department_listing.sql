-- The admin area lists a department's people in name order and counts people per department: one index range
-- each, even in an org of 50,000.
CREATE INDEX users_org_department ON directory.users (org_id, lower(department), lower(display_name), id);
