CREATE TABLE "indicator_day" (
	"indicator_id" text NOT NULL,
	"day" date NOT NULL,
	"numerator" integer NOT NULL,
	"denominator" integer NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "indicator_day_indicator_id_day_pk" PRIMARY KEY("indicator_id","day")
);
--> statement-breakpoint
CREATE TABLE "indicator_day_stale" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"family" text NOT NULL,
	"day" date NOT NULL,
	"marked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "indicator_day_stale_idx" ON "indicator_day_stale" USING btree ("family","day");--> statement-breakpoint
-- Marks a family's day stale when a record dated on it changes, but only a day before the London date the
-- transaction began on: today is never kept, so recording today's work writes no marks. The dashboard
-- keeps a day only once it is two days old by the database's clock (ADR 0011), so a transaction begun on
-- a day and committed after midnight is counted before that day is kept.
CREATE FUNCTION harbour_indicator_stale(fam text, d date) RETURNS void LANGUAGE sql AS $$
  INSERT INTO indicator_day_stale (family, day)
  SELECT fam, d WHERE d IS NOT NULL AND d < (now() AT TIME ZONE 'Europe/London')::date
$$;--> statement-breakpoint
-- The families counted at a date (open and overdue assessments, children on plans) are kept at each month's
-- end: these are the past month ends whose count the change alters. A record counts at month end m when it
-- had started by m and not ended by m; "hit" (overdue) when also due before m. Completing an assessment or
-- ending a plan today alters no past month end, so marks nothing.
CREATE FUNCTION harbour_indicator_stale_snapshot(fam text, old_start date, old_end date, old_due date, new_start date, new_end date, new_due date)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO indicator_day_stale (family, day)
  SELECT fam, m.day
    FROM (SELECT (g + interval '1 month - 1 day')::date AS day
            FROM generate_series(date_trunc('month', least(old_start, new_start)::timestamp),
                                 date_trunc('month', now() AT TIME ZONE 'Europe/London') - interval '1 month',
                                 interval '1 month') g) m
   WHERE (coalesce(old_start <= m.day AND (old_end IS NULL OR old_end > m.day), false),
          coalesce(old_start <= m.day AND (old_end IS NULL OR old_end > m.day) AND old_due < m.day, false))
         IS DISTINCT FROM
         (coalesce(new_start <= m.day AND (new_end IS NULL OR new_end > m.day), false),
          coalesce(new_start <= m.day AND (new_end IS NULL OR new_end > m.day) AND new_due < m.day, false))
$$;--> statement-breakpoint
-- contacts: a child counts on the day the contact was received (contacts_received). Contacts decided in
-- one working day and contacts to referral: on the day the child's contact was decided, on time against
-- the contact's decision due date (contacts_decided).
CREATE FUNCTION harbour_indicator_contact() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN RETURN NULL; END IF;
  IF TG_OP = 'DELETE' OR OLD.received_at IS DISTINCT FROM NEW.received_at THEN
    PERFORM harbour_indicator_stale('contacts_received', (OLD.received_at AT TIME ZONE 'Europe/London')::date);
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.received_at IS DISTINCT FROM NEW.received_at THEN
    PERFORM harbour_indicator_stale('contacts_received', (NEW.received_at AT TIME ZONE 'Europe/London')::date);
  END IF;
  IF TG_OP = 'DELETE' OR OLD.decision_due_date IS DISTINCT FROM NEW.decision_due_date THEN
    PERFORM harbour_indicator_stale('contacts_decided', (cc.decided_at AT TIME ZONE 'Europe/London')::date) FROM contact_child cc WHERE cc.contact_id = OLD.id;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER contact_indicator_days AFTER INSERT OR UPDATE OR DELETE ON contact FOR EACH ROW EXECUTE FUNCTION harbour_indicator_contact();--> statement-breakpoint
CREATE FUNCTION harbour_indicator_contact_child() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'UPDATE' OR OLD.contact_id IS DISTINCT FROM NEW.contact_id THEN
    IF TG_OP <> 'INSERT' THEN
      PERFORM harbour_indicator_stale('contacts_received', (c.received_at AT TIME ZONE 'Europe/London')::date) FROM contact c WHERE c.id = OLD.contact_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
      PERFORM harbour_indicator_stale('contacts_received', (c.received_at AT TIME ZONE 'Europe/London')::date) FROM contact c WHERE c.id = NEW.contact_id;
    END IF;
  END IF;
  IF TG_OP <> 'UPDATE' OR OLD.contact_id IS DISTINCT FROM NEW.contact_id OR OLD.decided_at IS DISTINCT FROM NEW.decided_at OR OLD.outcome IS DISTINCT FROM NEW.outcome THEN
    IF TG_OP <> 'INSERT' THEN PERFORM harbour_indicator_stale('contacts_decided', (OLD.decided_at AT TIME ZONE 'Europe/London')::date); END IF;
    IF TG_OP <> 'DELETE' THEN PERFORM harbour_indicator_stale('contacts_decided', (NEW.decided_at AT TIME ZONE 'Europe/London')::date); END IF;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER contact_child_indicator_days AFTER INSERT OR UPDATE OR DELETE ON contact_child FOR EACH ROW EXECUTE FUNCTION harbour_indicator_contact_child();--> statement-breakpoint
-- referrals and re-referrals within 12 months: by referral date.
CREATE FUNCTION harbour_indicator_referral() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.referral_date IS NOT DISTINCT FROM NEW.referral_date AND OLD.is_re_referral IS NOT DISTINCT FROM NEW.is_re_referral THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN PERFORM harbour_indicator_stale('referrals', OLD.referral_date); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM harbour_indicator_stale('referrals', NEW.referral_date); END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER referral_indicator_days AFTER INSERT OR UPDATE OR DELETE ON referral FOR EACH ROW EXECUTE FUNCTION harbour_indicator_referral();--> statement-breakpoint
-- assessments completed, in timescale and child seen alone: by completion date, once authorised (a manager
-- authorising today an assessment completed last week marks last week's day); open and overdue
-- assessments: at each month's end between start and completion.
CREATE FUNCTION harbour_indicator_assessment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.status IS NOT DISTINCT FROM NEW.status AND OLD.completed_on IS NOT DISTINCT FROM NEW.completed_on
     AND OLD.due_date IS NOT DISTINCT FROM NEW.due_date AND OLD.start_date IS NOT DISTINCT FROM NEW.start_date THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN PERFORM harbour_indicator_stale('assessments_completed', OLD.completed_on); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM harbour_indicator_stale('assessments_completed', NEW.completed_on); END IF;
  PERFORM harbour_indicator_stale_snapshot('assessments_open',
    CASE WHEN TG_OP <> 'INSERT' THEN OLD.start_date END, CASE WHEN TG_OP <> 'INSERT' THEN OLD.completed_on END, CASE WHEN TG_OP <> 'INSERT' THEN OLD.due_date END,
    CASE WHEN TG_OP <> 'DELETE' THEN NEW.start_date END, CASE WHEN TG_OP <> 'DELETE' THEN NEW.completed_on END, CASE WHEN TG_OP <> 'DELETE' THEN NEW.due_date END);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER assessment_indicator_days AFTER INSERT OR UPDATE OR DELETE ON assessment FOR EACH ROW EXECUTE FUNCTION harbour_indicator_assessment();--> statement-breakpoint
CREATE FUNCTION harbour_indicator_child_seen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.assessment_id IS NOT DISTINCT FROM NEW.assessment_id AND OLD.seen_alone IS NOT DISTINCT FROM NEW.seen_alone THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN PERFORM harbour_indicator_stale('assessments_completed', a.completed_on) FROM assessment a WHERE a.id = OLD.assessment_id; END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM harbour_indicator_stale('assessments_completed', a.completed_on) FROM assessment a WHERE a.id = NEW.assessment_id; END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER assessment_child_seen_indicator_days AFTER INSERT OR UPDATE OR DELETE ON assessment_child_seen FOR EACH ROW EXECUTE FUNCTION harbour_indicator_child_seen();--> statement-breakpoint
-- section 47 enquiries by start date; initial conferences within 15 working days by the date held, against
-- the enquiry's ICPC target date.
CREATE FUNCTION harbour_indicator_section47() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.start_date IS NOT DISTINCT FROM NEW.start_date AND OLD.icpc_target_date IS NOT DISTINCT FROM NEW.icpc_target_date THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    PERFORM harbour_indicator_stale('section47s', OLD.start_date);
    PERFORM harbour_indicator_stale('icpcs', c.held_on) FROM cp_conference c WHERE c.section47_id = OLD.id;
  END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM harbour_indicator_stale('section47s', NEW.start_date); END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER section47_indicator_days AFTER INSERT OR UPDATE OR DELETE ON section47_enquiry FOR EACH ROW EXECUTE FUNCTION harbour_indicator_section47();--> statement-breakpoint
CREATE FUNCTION harbour_indicator_conference() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.held_on IS NOT DISTINCT FROM NEW.held_on AND OLD.status IS NOT DISTINCT FROM NEW.status
     AND OLD.type IS NOT DISTINCT FROM NEW.type AND OLD.section47_id IS NOT DISTINCT FROM NEW.section47_id THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN PERFORM harbour_indicator_stale('icpcs', OLD.held_on); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM harbour_indicator_stale('icpcs', NEW.held_on); END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER cp_conference_indicator_days AFTER INSERT OR UPDATE OR DELETE ON cp_conference FOR EACH ROW EXECUTE FUNCTION harbour_indicator_conference();--> statement-breakpoint
-- plans lasting two years or more (by end date), second or subsequent plans (by start date), and children on
-- plans at each month's end.
CREATE FUNCTION harbour_indicator_cp_plan() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.start_date IS NOT DISTINCT FROM NEW.start_date AND OLD.end_date IS NOT DISTINCT FROM NEW.end_date
     AND OLD.number_of_previous_plans IS NOT DISTINCT FROM NEW.number_of_previous_plans THEN
    RETURN NULL;
  END IF;
  -- Second or subsequent plans count on the start date; plans lasting two years on the end date (ending a
  -- plan today marks nothing).
  IF TG_OP <> 'UPDATE' OR OLD.start_date IS DISTINCT FROM NEW.start_date OR OLD.number_of_previous_plans IS DISTINCT FROM NEW.number_of_previous_plans THEN
    IF TG_OP <> 'INSERT' THEN PERFORM harbour_indicator_stale('cp_plans', OLD.start_date); END IF;
    IF TG_OP <> 'DELETE' THEN PERFORM harbour_indicator_stale('cp_plans', NEW.start_date); END IF;
  END IF;
  IF TG_OP <> 'UPDATE' OR OLD.end_date IS DISTINCT FROM NEW.end_date OR OLD.start_date IS DISTINCT FROM NEW.start_date THEN
    IF TG_OP <> 'INSERT' THEN PERFORM harbour_indicator_stale('cp_plans', OLD.end_date); END IF;
    IF TG_OP <> 'DELETE' THEN PERFORM harbour_indicator_stale('cp_plans', NEW.end_date); END IF;
  END IF;
  PERFORM harbour_indicator_stale_snapshot('cp_children',
    CASE WHEN TG_OP <> 'INSERT' THEN OLD.start_date END, CASE WHEN TG_OP <> 'INSERT' THEN OLD.end_date END, NULL,
    CASE WHEN TG_OP <> 'DELETE' THEN NEW.start_date END, CASE WHEN TG_OP <> 'DELETE' THEN NEW.end_date END, NULL);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER cp_plan_indicator_days AFTER INSERT OR UPDATE OR DELETE ON cp_plan FOR EACH ROW EXECUTE FUNCTION harbour_indicator_cp_plan();
