#!/usr/bin/env python3
"""gen_inputs.py - synthetic, deterministic inputs for benchmarking scta.

usage: gen_inputs.py OUTDIR ANSWERS [--partnerships N] [--communities N] [--seed S]

Writes OUTDIR/partnerships.csv and OUTDIR/responses.csv:

- partnerships.csv: N partnerships (default 30,000) of about --communities distinct
  U.S. communities (default 20,000; some have several partnerships, a few large ones
  many), over real U.S. state codes and real ISO3 countries from
  data/reference/countries.csv (mostly countries with a CPI score in 2019, so some are in
  scope and most are not), with statuses, agreement details, activities and years.
- responses.csv: exactly ANSWERS answers in the long layout
  (response_id, us_community, us_state, question_id, answer, comment) over the questions
  of config/questionnaire.ini, each answer valid for its question's type and scale. The
  responding communities all have partnerships; most have one in scope.

Every row is meant to be accepted by scta (0 rejected). The same arguments always give
the same bytes: the only randomness is random.Random(seed), and the clock is never read.
Python 3 standard library only.
"""
import argparse
import configparser
import csv
import os
import random
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
COUNTRIES = os.path.join(REPO, "data", "reference", "countries.csv")
CPI = os.path.join(REPO, "data", "reference", "cpi.csv")
STATES = os.path.join(REPO, "data", "reference", "states.csv")
QUESTIONNAIRE = os.path.join(REPO, "config", "questionnaire.ini")

# scta refuses these as foreign countries (they are part of the United States).
US_ISO3 = {"USA", "PRI", "GUM", "VIR", "ASM", "MNP", "UMI"}

# Rough populations in millions: how likely a community is to be in each state.
STATE_WEIGHT = {
    "AL": 5.0, "AK": 0.7, "AZ": 7.3, "AR": 3.0, "CA": 39.0, "CO": 5.8, "CT": 3.6, "DE": 1.0,
    "FL": 22.0, "GA": 10.9, "HI": 1.4, "ID": 1.9, "IL": 12.6, "IN": 6.8, "IA": 3.2, "KS": 2.9,
    "KY": 4.5, "LA": 4.6, "ME": 1.4, "MD": 6.2, "MA": 7.0, "MI": 10.0, "MN": 5.7, "MS": 2.9,
    "MO": 6.2, "MT": 1.1, "NE": 2.0, "NV": 3.2, "NH": 1.4, "NJ": 9.3, "NM": 2.1, "NY": 19.6,
    "NC": 10.7, "ND": 0.8, "OH": 11.8, "OK": 4.0, "OR": 4.2, "PA": 13.0, "RI": 1.1, "SC": 5.3,
    "SD": 0.9, "TN": 7.1, "TX": 30.0, "UT": 3.4, "VT": 0.6, "VA": 8.7, "WA": 7.8, "WV": 1.8,
    "WI": 5.9, "WY": 0.6, "DC": 0.7, "PR": 3.2, "GU": 0.2, "VI": 0.1, "AS": 0.05, "MP": 0.05,
}

# Countries U.S. communities partner with most often get a larger share; every other
# foreign country has weight 1.
COUNTRY_WEIGHT = {
    "JPN": 40, "MEX": 35, "CHN": 30, "DEU": 25, "FRA": 14, "ITA": 16, "GBR": 12, "IRL": 10,
    "KOR": 14, "TWN": 12, "ISR": 8, "UKR": 10, "RUS": 8, "BRA": 6, "PHL": 8, "CAN": 6,
    "POL": 6, "ESP": 6, "GRC": 5, "NGA": 4, "GHA": 4, "KEN": 4, "IND": 6, "VNM": 4,
    "SLV": 4, "GTM": 4, "HND": 3, "NIC": 3, "DOM": 4, "HTI": 3, "COL": 4, "PER": 3,
    "ARG": 3, "CHL": 3, "TUR": 4, "EGY": 3, "MAR": 2, "ZAF": 3, "AUS": 5, "NZL": 3,
    "SWE": 3, "NOR": 3, "NLD": 4, "BEL": 2, "CZE": 3, "HUN": 2, "ROU": 2, "GEO": 3,
    "ARM": 3, "LTU": 2, "LVA": 2, "EST": 2, "IDN": 3, "THA": 3, "MNG": 2, "KAZ": 2,
}

STATUSES = [("active", 66), ("inactive", 14), ("suspended", 4), ("terminated", 6),
            ("proposed", 3), ("", 7)]
AGREEMENT_PUBLIC = [("online", 22), ("on_request", 25), ("not_available", 18),
                    ("confidential", 5), ("unknown", 10), ("", 20)]
AGREEMENT_TYPE = [("sister", 70), ("friendship", 15), ("mou", 8), ("other", 2), ("", 5)]
YESNO_FIELD = [("yes", 30), ("no", 30), ("unknown", 15), ("", 25)]
CLAUSE = [("yes", 4), ("no", 50), ("unknown", 20), ("", 26)]
ACTIVITIES = ["culture", "education", "youth", "trade", "investment", "tourism",
              "technology", "health", "sports", "government", "other"]
REASONS = ["funding ended", "dispute over a political statement", "no activity for years",
           "council decision", "partner city unresponsive", "trade dispute",
           "security review by the council"]
INTERMEDIARIES = ["Sister Cities International", "Chamber of Commerce",
                  "Friendship Association", "State Trade Office", "University Exchange Council",
                  "Chinese People's Association for Friendship with Foreign Countries",
                  "Rotary Club", "Cultural Foundation"]

US_PREFIX = ["Spring", "Oak", "Cedar", "Maple", "River", "Lake", "Fair", "Green", "Clear",
             "Mill", "Ash", "Pine", "Rock", "Stone", "Elm", "Brook", "Glen", "Hill", "Red",
             "White", "Silver", "Gold", "Bell", "Black", "Fox", "Deer", "Bear", "Eagle",
             "Union", "Liberty", "Frank", "George", "Madison", "Jackson", "Clay", "Wood",
             "Bridge", "Mar", "Belle", "Sand", "Shel", "Harris", "Chester", "Burling", "Ken",
             "Wash", "Lin", "Carl", "Mont", "Wil"]
US_SUFFIX = ["field", "ville", "ton", "dale", "wood", "port", "burg", "view", "ford", "land",
             "side", "haven", "mont", "ridge", "crest", "brook", "mouth", "wick", "bury", "ley"]
US_EXTRA = ["", "", "", "", "", "", " Heights", " Falls", " Springs", " Park", " Center",
            " Junction", " City", " Beach", " Valley", " Grove"]
US_LEAD = ["", "", "", "", "", "", "", "", "New ", "Port ", "Fort ", "Mount ", "Saint ",
           "North ", "South ", "East ", "West ", "Lake "]

FOREIGN_SYL = ["an", "ba", "be", "bo", "chi", "da", "de", "do", "fu", "ga", "go", "ha", "he",
               "hu", "ji", "ka", "ki", "ko", "la", "le", "li", "lo", "ma", "me", "mi", "mo",
               "na", "ne", "ni", "no", "pa", "pe", "po", "ra", "re", "ri", "ro", "sa", "se",
               "shi", "so", "ta", "te", "ti", "to", "va", "ve", "vi", "wa", "xi", "ya", "yo",
               "za", "zhou", "ão", "ö", "ü", "ł", "é", "ç"]
FOREIGN_REGION = ["Province", "Prefecture", "Region", "State", "District", "Oblast", "County"]

TEXT_WORDS = ["the", "council", "partner", "city", "delegation", "visit", "agreement",
              "school", "exchange", "trade", "mayor", "committee", "reviewed", "no", "request",
              "program", "students", "invited", "office", "was", "not", "aware", "of", "any",
              "funding", "reports", "yearly", "café", "résumé", "staff", "discussed", "plan"]

EST_YEARS = list(range(1950, 2026))


def weighted(pairs):
    """(values, cumulative weights) for rng.choices."""
    vals = [v for v, _ in pairs]
    cum, t = [], 0
    for _, w in pairs:
        t += w
        cum.append(t)
    return vals, cum


def pick(rng, table):
    vals, cum = table
    return rng.choices(vals, cum_weights=cum)[0]


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def load_states():
    rows = read_csv(STATES)
    names = {r["code"]: r["name"] for r in rows}
    missing = set(names) - set(STATE_WEIGHT)
    if missing:
        sys.exit("gen_inputs.py: no weight for states %s" % sorted(missing))
    return names


def load_countries():
    """[(iso3, weight, has_cpi_2019, score)] for every foreign country."""
    cpi = {}
    for r in read_csv(CPI):
        if r["year"] == "2019" and r["score"].strip():
            cpi[r["iso3"]] = int(r["score"])
    out = []
    for r in read_csv(COUNTRIES):
        iso = r["iso3"]
        if iso in US_ISO3:
            continue
        out.append((iso, COUNTRY_WEIGHT.get(iso, 1), iso in cpi, cpi.get(iso)))
    return out


def load_questionnaire():
    """[(id, type, [scale values])] in file order."""
    cp = configparser.ConfigParser(inline_comment_prefixes=(";",), interpolation=None)
    with open(QUESTIONNAIRE, encoding="utf-8") as fh:
        cp.read_file(fh)
    scales = {}
    for sec in cp.sections():
        if sec.lower().startswith("scale:"):
            scales[sec.split(":", 1)[1].strip().lower()] = \
                [v.strip() for v in cp[sec]["values"].split(",") if v.strip()]
    qs = []
    for sec in cp.sections():
        if not sec.lower().startswith("question:"):
            continue
        qid = sec.split(":", 1)[1].strip().upper()
        qtype = cp[sec]["type"].strip().lower()
        values = []
        if qtype == "choice":
            values = scales[cp[sec]["scale"].strip().lower()]
        elif qtype not in ("count", "amount", "text"):
            sys.exit("gen_inputs.py: question %s has unknown type %s" % (qid, qtype))
        qs.append((qid, qtype, values))
    if not qs:
        sys.exit("gen_inputs.py: no questions in %s" % QUESTIONNAIRE)
    return qs


def make_communities(rng, n, state_names):
    """n distinct (name, state code, type) U.S. communities."""
    codes = sorted(STATE_WEIGHT)
    table = weighted([(c, STATE_WEIGHT[c]) for c in codes])
    seen = set()
    out = []
    while len(out) < n:
        st = pick(rng, table)
        if rng.random() < 0.06:
            name = rng.choice(US_PREFIX) + rng.choice(US_SUFFIX) + " County"
            kind = "county"
        else:
            name = (rng.choice(US_LEAD) + rng.choice(US_PREFIX) + rng.choice(US_SUFFIX) +
                    rng.choice(US_EXTRA))
            kind = "city"
        key = (st, name.lower())
        if key in seen:
            continue
        seen.add(key)
        out.append((name, st, kind))
    return out


def name_key(s):
    """Roughly scta's text_key: accents folded to the base letter, case ignored."""
    s = unicodedata.normalize("NFKD", s.replace("ł", "l").replace("Ł", "L"))
    return "".join(ch for ch in s if ch.isascii() and ch.isalnum()).lower()


def foreign_name(rng):
    n = rng.choice((2, 2, 3, 3, 4))
    s = "".join(rng.choice(FOREIGN_SYL) for _ in range(n))
    return s[:1].upper() + s[1:]


def make_partnerships(rng, npart, ncomm, state_names, countries):
    comms = make_communities(rng, ncomm, state_names)
    # Every community has one partnership; the rest go mostly to the first (the "large") ones.
    owner = list(range(min(ncomm, npart)))
    while len(owner) < npart:
        owner.append(int(ncomm * rng.random() ** 3))
    rng.shuffle(owner)
    # Mostly countries with a 2019 CPI score; about 3% without one.
    scored = weighted([(c, c[1]) for c in countries if c[2]])
    unscored = [c for c in countries if not c[2]]
    tab_status = weighted(STATUSES)
    tab_public = weighted(AGREEMENT_PUBLIC)
    tab_type = weighted(AGREEMENT_TYPE)
    tab_yn = weighted(YESNO_FIELD)
    tab_clause = weighted(CLAUSE)
    used = set()
    rows = []
    for i, ci in enumerate(owner):
        name, st, kind = comms[ci]
        while True:
            ctry = rng.choice(unscored) if unscored and rng.random() < 0.03 else pick(rng, scored)
            fname = foreign_name(rng)
            key = (ci, name_key(fname), ctry[0])
            if key not in used:
                used.add(key)
                break
        status = pick(rng, tab_status)
        reason = ""
        if status in ("suspended", "terminated") and rng.random() < 0.7:
            reason = rng.choice(REASONS)
        year = rng.choice(EST_YEARS)
        r = rng.random()
        established = "" if r < 0.15 else str(year) if r < 0.8 else \
            "%d-%02d-%02d" % (year, rng.randint(1, 12), rng.randint(1, 28))
        status_date = ""
        if status in ("suspended", "terminated") and rng.random() < 0.6:
            status_date = "%d-%02d" % (rng.randint(max(year, 1990), 2025), rng.randint(1, 12))
        nact = rng.choice((0, 0, 1, 1, 2, 2, 3, 4))
        acts = ";".join(rng.sample(ACTIVITIES, nact))
        state_field = state_names[st] if rng.random() < 0.08 else st
        rows.append([
            "BP-%06d" % (i + 1), name, state_field, kind, fname,
            fname[:4] + " " + rng.choice(FOREIGN_REGION) if rng.random() < 0.5 else "",
            ctry[0], established, status, status_date, reason,
            pick(rng, tab_yn), pick(rng, tab_type), pick(rng, tab_public), pick(rng, tab_clause),
            rng.choice(INTERMEDIARIES) if rng.random() < 0.12 else "", acts,
            "Synthetic benchmark record" if rng.random() < 0.1 else "",
            "tests/bench/gen_inputs.py (synthetic)",
        ])
    return comms, owner, rows


PART_HEADER = ["partnership_id", "us_community", "us_state", "us_community_type",
               "foreign_community", "foreign_region", "foreign_country", "established", "status",
               "status_date", "status_reason", "sci_recognized", "agreement_type",
               "agreement_public", "political_clause", "intermediary", "activities", "notes",
               "source"]
RESP_HEADER = ["response_id", "us_community", "us_state", "question_id", "answer", "comment"]


def short_text(rng, lo, hi):
    words = [rng.choice(TEXT_WORDS) for _ in range(rng.randint(lo, hi))]
    s = " ".join(words)
    r = rng.random()
    if r < 0.1:
        s = s.replace(" ", ", ", 1)          # a comma: the CSV field gets quoted
    elif r < 0.15:
        s = s + ' ("see minutes")'          # quotes inside a quoted field
    return s[:1].upper() + s[1:] + "."


def answer_value(rng, qtype, values):
    if qtype == "choice":
        # dont_know / not_applicable (when the scale has them) are rarer than real answers.
        r = rng.random()
        if "dont_know" in values and r < 0.07:
            return "dont_know"
        if "not_applicable" in values and r < 0.11:
            return "not_applicable"
        real = [v for v in values if v not in ("dont_know", "not_applicable")] or values
        return rng.choice(real)
    if qtype == "count":
        n = 0
        while n < 40 and rng.random() < 0.55:
            n += 1
        return str(n)
    if qtype == "amount":
        if rng.random() < 0.5:
            return "0"
        return str(rng.choice((50, 100, 250)) * rng.randint(1, 200))
    return short_text(rng, 3, 12)


def write_responses(rng, path, nanswers, comms, owner, part_rows, countries, state_names):
    qs = load_questionnaire()
    score = {c[0]: c[3] for c in countries}
    in_scope = set()
    has_part = set()
    for ci, row in zip(owner, part_rows):
        has_part.add(ci)
        s = score.get(row[6])
        if s is not None and s <= 45:
            in_scope.add(ci)
    scope_list = sorted(in_scope)
    other_list = sorted(has_part - in_scope)
    rng.shuffle(scope_list)
    rng.shuffle(other_list)
    # Respondents: 90% communities with an in-scope partnership, 10% others; each community
    # answers once before any answers twice (several responses, e.g. one per partnership).
    order = []
    si = oi = 0
    written = 0
    rid = 0
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(RESP_HEADER)
        while written < nanswers:
            if other_list and (rng.random() < 0.1 or not scope_list):
                ci = other_list[oi % len(other_list)]
                oi += 1
            else:
                ci = scope_list[si % len(scope_list)]
                si += 1
            name, st, _ = comms[ci]
            state_field = state_names[st] if rng.random() < 0.05 else st
            rid += 1
            resp_id = "BR-%07d" % rid
            for qid, qtype, values in qs:
                if written >= nanswers:
                    break
                # Most questions answered; free-text ones less often.
                if rng.random() >= (0.35 if qtype == "text" else 0.93):
                    continue
                comment = short_text(rng, 2, 8) if rng.random() < 0.04 else ""
                w.writerow([resp_id, name, state_field, qid,
                            answer_value(rng, qtype, values), comment])
                written += 1
    return rid


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("answers", type=int)
    ap.add_argument("--partnerships", type=int, default=30000)
    ap.add_argument("--communities", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=20201008)
    a = ap.parse_args()
    if a.answers < 0 or a.partnerships < 1 or a.communities < 1:
        ap.error("counts must be positive")
    os.makedirs(a.outdir, exist_ok=True)
    state_names = load_states()
    countries = load_countries()
    rng = random.Random(a.seed)
    comms, owner, rows = make_partnerships(rng, a.partnerships, a.communities, state_names,
                                           countries)
    ppath = os.path.join(a.outdir, "partnerships.csv")
    with open(ppath, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(PART_HEADER)
        w.writerows(rows)
    # A separate stream, so the partnerships file is the same whatever the answer count.
    rrng = random.Random(a.seed * 7919 + 1)
    rpath = os.path.join(a.outdir, "responses.csv")
    nresp = write_responses(rrng, rpath, a.answers, comms, owner, rows, countries, state_names)
    ncomm = len(set(owner))
    print("gen_inputs.py: %s (%d partnerships, %d communities), %s (%d answers, %d responses)"
          % (ppath, len(rows), ncomm, rpath, a.answers, nresp), file=sys.stderr)


if __name__ == "__main__":
    main()
