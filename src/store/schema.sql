-- scta store schema, version 3 (store/migrate.c brings older databases here).
-- Every loaded record knows its import batch and source line. Reference
-- data (countries, aliases, CPI scores, U.S. states) is loaded when the
-- database is created; the state laws are loaded again by every report. STRICT tables; foreign keys are switched on per
-- connection by store.c.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE country (
  iso3   TEXT PRIMARY KEY,
  iso2   TEXT,
  name   TEXT NOT NULL,
  region TEXT
) STRICT;

-- Matching keys (util text_key) of names, aliases and codes -> ISO3.
CREATE TABLE country_alias (
  key  TEXT PRIMARY KEY,
  iso3 TEXT NOT NULL REFERENCES country(iso3)
) STRICT;

CREATE TABLE cpi (
  iso3  TEXT NOT NULL REFERENCES country(iso3),
  year  INTEGER NOT NULL,
  score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
  rank  INTEGER,
  PRIMARY KEY (iso3, year)
) STRICT;

CREATE TABLE us_state (
  code TEXT PRIMARY KEY,                      -- USPS code
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('state', 'district', 'territory')),
  fips TEXT
) STRICT;

CREATE TABLE state_alias (
  key  TEXT PRIMARY KEY,
  code TEXT NOT NULL REFERENCES us_state(code)
) STRICT;

-- State laws on sister-city agreements (data/reference/state_laws.csv),
-- replaced by every report so that an edited law table takes effect.
CREATE TABLE state_law (
  id               TEXT PRIMARY KEY,            -- e.g. TX-795, used by flag rules
  position         INTEGER NOT NULL,            -- order of the reference file
  state            TEXT NOT NULL REFERENCES us_state(code),
  citation         TEXT NOT NULL,
  title            TEXT NOT NULL,
  requirement      TEXT NOT NULL CHECK (requirement IN ('no_new', 'terminate', 'review')),
  effective        TEXT,                        -- YYYY-MM-DD; NULL: not recorded
  deadline         TEXT,                        -- YYYY-MM-DD; NULL: the law sets none
  countries_as_of  TEXT NOT NULL,               -- when the country list was taken
  countries_source TEXT,
  source_url       TEXT
) STRICT;
CREATE TABLE state_law_country (
  law_id TEXT NOT NULL REFERENCES state_law(id) ON DELETE CASCADE,
  iso3   TEXT NOT NULL REFERENCES country(iso3),
  PRIMARY KEY (law_id, iso3)
) STRICT, WITHOUT ROWID;

CREATE TABLE batch (
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL CHECK (kind IN ('partnerships', 'responses')),
  path          TEXT NOT NULL,               -- the file's canonical path: its identity
  sha256        TEXT NOT NULL,
  context       TEXT NOT NULL DEFAULT '',     -- hash of what validation depended on
  encoding      TEXT NOT NULL DEFAULT 'utf-8',
  rows_read     INTEGER NOT NULL DEFAULT 0,
  rows_loaded   INTEGER NOT NULL DEFAULT 0,
  rows_rejected INTEGER NOT NULL DEFAULT 0,
  seq           INTEGER NOT NULL,            -- import order
  rows_removed  INTEGER NOT NULL DEFAULT 0,  -- records of the file's earlier batches it no longer has
  name          TEXT NOT NULL DEFAULT ''     -- how outputs show the file (path is its identity)
) STRICT;

CREATE TABLE partnership (
  id                TEXT PRIMARY KEY,
  natural_key       TEXT NOT NULL UNIQUE,     -- state|key(us)|iso3|key(foreign)
  us_community      TEXT NOT NULL,
  us_state          TEXT NOT NULL REFERENCES us_state(code),
  -- NULL in the fields below means "not recorded": the file left it blank.
  us_community_type TEXT CHECK (us_community_type IN ('city', 'county', 'state', 'other')),
  foreign_community TEXT NOT NULL,
  foreign_region    TEXT,
  foreign_country   TEXT NOT NULL REFERENCES country(iso3),
  established       TEXT,                     -- YYYY, YYYY-MM or YYYY-MM-DD
  established_year  INTEGER,
  status            TEXT CHECK (status IN ('active', 'inactive', 'suspended', 'terminated', 'proposed')),
  status_date       TEXT,
  status_year       INTEGER,
  status_reason     TEXT,
  sci_recognized    TEXT CHECK (sci_recognized IN ('yes', 'no', 'unknown')),
  agreement_type    TEXT CHECK (agreement_type IN ('sister', 'friendship', 'mou', 'other')),
  agreement_public  TEXT CHECK (agreement_public IN ('online', 'on_request', 'not_available',
                    'confidential', 'unknown')),
  political_clause  TEXT CHECK (political_clause IN ('yes', 'no', 'unknown')),
  intermediary      TEXT,
  activities        TEXT,                     -- normalized ';'-list, sorted
  notes             TEXT,
  source            TEXT,
  batch_id          INTEGER NOT NULL REFERENCES batch(id),
  line              INTEGER NOT NULL
) STRICT;
CREATE INDEX partnership_country ON partnership(foreign_country);
CREATE INDEX partnership_state ON partnership(us_state);
CREATE INDEX partnership_batch ON partnership(batch_id);

CREATE TABLE partnership_activity (
  partnership_id TEXT NOT NULL REFERENCES partnership(id) ON DELETE CASCADE,
  activity       TEXT NOT NULL CHECK (activity IN ('culture', 'education', 'youth', 'trade',
                 'investment', 'tourism', 'technology', 'health', 'sports', 'government', 'other')),
  PRIMARY KEY (partnership_id, activity)
) STRICT, WITHOUT ROWID;

-- The questionnaire in force (copied from questionnaire.ini on each run).
CREATE TABLE scale_value (
  scale    TEXT NOT NULL,
  position INTEGER NOT NULL,
  value    TEXT NOT NULL,
  label    TEXT NOT NULL,
  valid    INTEGER NOT NULL CHECK (valid IN (0, 1)),  -- in the base of percentages
  PRIMARY KEY (scale, value)
) STRICT;

CREATE TABLE question (
  id        TEXT PRIMARY KEY,
  position  INTEGER NOT NULL,
  topic     TEXT NOT NULL CHECK (topic IN ('selection', 'activities', 'transparency',
            'expression', 'espionage', 'visa')),
  text      TEXT NOT NULL,
  type      TEXT NOT NULL CHECK (type IN ('choice', 'count', 'amount', 'text')),
  scale     TEXT,
  weight    REAL NOT NULL DEFAULT 1,
  safeguard TEXT                              -- answer value that counts for the topic index
) STRICT;

CREATE TABLE response (
  id             TEXT PRIMARY KEY,
  us_community   TEXT NOT NULL,
  us_state       TEXT NOT NULL REFERENCES us_state(code),
  community_key  TEXT NOT NULL,               -- state|key(us_community)
  partnership_id TEXT,                        -- as given; may name no loaded partnership
  respondent     TEXT,
  submitted      TEXT,
  batch_id       INTEGER NOT NULL REFERENCES batch(id),
  line           INTEGER NOT NULL
) STRICT;
CREATE INDEX response_community ON response(community_key);
-- The order of the Responses detail stream: walking it, SQLite sorts each
-- response's answers only, not every answer at once.
CREATE INDEX response_order ON response(us_state, community_key, id);

CREATE TABLE answer (
  response_id TEXT NOT NULL REFERENCES response(id) ON DELETE CASCADE,
  question_id TEXT NOT NULL,                  -- not a foreign key: questionnaires evolve
  value       TEXT NOT NULL,                  -- scale value, or the number/text as written
  num         REAL,                           -- for count and amount answers
  comment     TEXT,
  batch_id    INTEGER NOT NULL REFERENCES batch(id),
  line        INTEGER NOT NULL,
  PRIMARY KEY (response_id, question_id)
) STRICT, WITHOUT ROWID;

-- Records retired by a later import of their file (the file no longer has
-- them): kept as history, never counted. retired_by is that import's batch.
CREATE TABLE partnership_retired (
  id TEXT NOT NULL, natural_key TEXT NOT NULL, us_community TEXT NOT NULL,
  us_state TEXT NOT NULL, us_community_type TEXT, foreign_community TEXT NOT NULL,
  foreign_region TEXT, foreign_country TEXT NOT NULL, established TEXT,
  established_year INTEGER, status TEXT, status_date TEXT, status_year INTEGER,
  status_reason TEXT, sci_recognized TEXT, agreement_type TEXT, agreement_public TEXT,
  political_clause TEXT, intermediary TEXT, activities TEXT, notes TEXT, source TEXT,
  batch_id INTEGER NOT NULL, line INTEGER NOT NULL,
  retired_by INTEGER NOT NULL REFERENCES batch(id)
) STRICT;
CREATE TABLE response_retired (
  id TEXT NOT NULL, us_community TEXT NOT NULL, us_state TEXT NOT NULL,
  community_key TEXT NOT NULL, partnership_id TEXT, respondent TEXT, submitted TEXT,
  batch_id INTEGER NOT NULL, line INTEGER NOT NULL,
  retired_by INTEGER NOT NULL REFERENCES batch(id)
) STRICT;
CREATE TABLE answer_retired (
  response_id TEXT NOT NULL, question_id TEXT NOT NULL, value TEXT NOT NULL, num REAL,
  comment TEXT, batch_id INTEGER NOT NULL, line INTEGER NOT NULL,
  retired_by INTEGER NOT NULL REFERENCES batch(id)
) STRICT;

CREATE TABLE reject (
  id       INTEGER PRIMARY KEY,
  batch_id INTEGER NOT NULL REFERENCES batch(id) ON DELETE CASCADE,
  file     TEXT NOT NULL,
  line     INTEGER NOT NULL,
  column   TEXT NOT NULL,
  value    TEXT NOT NULL,
  reason   TEXT NOT NULL
) STRICT;
CREATE INDEX reject_batch ON reject(batch_id, line);
