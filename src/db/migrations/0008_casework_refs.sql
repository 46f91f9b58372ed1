-- Human references for assessments: A000123.
CREATE SEQUENCE assessment_ref_seq START 1;
--> statement-breakpoint
-- The council's assessment frameworks by date. Framework for the Assessment of Children in Need 2000
-- (initial 7 / core 35 working days); Working Together 2010 (initial 10 / core 35); Working Together 2013
-- onward, now 2023 (single assessment, 45 working days maximum, from 15 April 2013) with the common local
-- checkpoints at 10, 20 and 35 working days. Administrators change these per council.
INSERT INTO assessment_framework_period (framework, effective_from, internal_targets) VALUES
  ('fa2000', '2000-04-01', '{}'),
  ('wt2010', '2010-04-01', '{}'),
  ('wt2023', '2013-04-15', '{10,20,35}');
--> statement-breakpoint
-- Kent's maximum of 30 children per full-time social worker; newly qualified workers (ASYE) carry fewer.
INSERT INTO caseload_limit_rule (job_role, children_per_fte, newly_qualified_children_per_fte) VALUES ('*', 30, 20);
