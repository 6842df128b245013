-- The API keeps the rows the /v1 token check reads (a box's token state and version, subscriber, region, app and
-- firmware version, its subscriber's region and packages) in memory, and drops one the moment it changes here:
-- every API process LISTENs on keten_device_rows ('d:<device id>' or 's:<subscriber id>'). Notifications are sent
-- at commit, whoever writes (console, activation, a script, psql).
CREATE FUNCTION keten_notify_device_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'devices' THEN
    PERFORM pg_notify('keten_device_rows', 'd:' || OLD.id);
  ELSIF TG_TABLE_NAME = 'subscribers' THEN
    PERFORM pg_notify('keten_device_rows', 's:' || OLD.id);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM pg_notify('keten_device_rows', 's:' || OLD.subscriber_id);
  ELSE
    PERFORM pg_notify('keten_device_rows', 's:' || NEW.subscriber_id);
    IF TG_OP = 'UPDATE' AND OLD.subscriber_id IS DISTINCT FROM NEW.subscriber_id THEN
      PERFORM pg_notify('keten_device_rows', 's:' || OLD.subscriber_id);
    END IF;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER devices_notify_row_change
  AFTER UPDATE ON devices FOR EACH ROW
  WHEN (OLD.token_state IS DISTINCT FROM NEW.token_state
     OR OLD.token_version IS DISTINCT FROM NEW.token_version
     OR OLD.subscriber_id IS DISTINCT FROM NEW.subscriber_id
     OR OLD.app_version IS DISTINCT FROM NEW.app_version
     OR OLD.region IS DISTINCT FROM NEW.region
     OR OLD.firmware_version_id IS DISTINCT FROM NEW.firmware_version_id)
  EXECUTE FUNCTION keten_notify_device_row();

CREATE TRIGGER devices_notify_row_delete
  AFTER DELETE ON devices FOR EACH ROW EXECUTE FUNCTION keten_notify_device_row();

CREATE TRIGGER subscribers_notify_row_change
  AFTER UPDATE ON subscribers FOR EACH ROW
  WHEN (OLD.region IS DISTINCT FROM NEW.region)
  EXECUTE FUNCTION keten_notify_device_row();

CREATE TRIGGER subscribers_notify_row_delete
  AFTER DELETE ON subscribers FOR EACH ROW EXECUTE FUNCTION keten_notify_device_row();

CREATE TRIGGER subscriptions_notify_row_change
  AFTER INSERT OR UPDATE OR DELETE ON subscriptions FOR EACH ROW EXECUTE FUNCTION keten_notify_device_row();
