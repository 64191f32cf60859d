-- A login's failure reserved in one round trip (chatpro.directory.auth.LoginLimiter): for each key in turn, a
-- transaction-scoped advisory lock, then that key's failures in the window; when every key is under its limit, a
-- row for each. Locks are taken in the order the keys are given (a login's account before its address, everywhere),
-- and each statement of a volatile function reads with a fresh snapshot, so a count read after its lock includes
-- every reservation the lock's previous holder committed. Answers how many failures the keys already had, or which
-- key (1-based) is at its limit and the oldest failure counted there.
CREATE FUNCTION directory.reserve_login_failure(p_keys text[], p_limits int[], p_since timestamptz,
    p_at timestamptz, OUT failures int, OUT refused int, OUT oldest timestamptz)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  n int;
  first_at timestamptz;
BEGIN
  failures := 0;
  FOR i IN 1 .. coalesce(array_length(p_keys, 1), 0) LOOP
    PERFORM pg_advisory_xact_lock(hashtext('chatpro.login'), hashtext(p_keys[i]));
    SELECT count(*), min(recent.at) INTO n, first_at FROM (
      SELECT f.at FROM directory.login_failures f
      WHERE f.limit_key = p_keys[i] AND f.at > p_since ORDER BY f.at DESC LIMIT p_limits[i]) recent;
    IF n >= p_limits[i] THEN
      refused := i;
      oldest := first_at;
      RETURN;
    END IF;
    failures := failures + n;
  END LOOP;
  INSERT INTO directory.login_failures (limit_key, at) SELECT k, p_at FROM unnest(p_keys) k;
END
$$;
