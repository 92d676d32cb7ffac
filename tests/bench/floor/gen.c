/* gen.c, copied from the team's shared bench baselines (/work/shared/bench); the project must not depend on that directory at run time. */
/* gen.c - deterministic synthetic questionnaire-answer CSV generator.
 * usage: gen N [seed] > answers.csv
 * Columns: response_id,city,state,country,question_id,item_id,answer,score,free_text,date
 * 25 answers per response (20 questions x ~1-2 items), UTF-8 place names,
 * free_text ~60 chars, always quoted, sometimes with commas and "" quotes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

static uint64_t s;
static inline uint64_t rnd(void) { /* splitmix64 */
    uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
static inline unsigned rn(unsigned n) { return (unsigned)(rnd() % n); }

static const char *places[][3] = {
    {"Linköping", "Östergötland", "Sweden"}, {"Stockholm", "Stockholm", "Sweden"},
    {"Göteborg", "Västra Götaland", "Sweden"}, {"Zürich", "Zürich", "Switzerland"},
    {"Genève", "Genève", "Switzerland"}, {"München", "Bayern", "Germany"},
    {"Köln", "Nordrhein-Westfalen", "Germany"}, {"Berlin", "Berlin", "Germany"},
    {"Paris", "Île-de-France", "France"}, {"Lyon", "Auvergne-Rhône-Alpes", "France"},
    {"Kraków", "Małopolskie", "Poland"}, {"Łódź", "Łódzkie", "Poland"},
    {"São Paulo", "SP", "Brazil"}, {"Rio de Janeiro", "RJ", "Brazil"},
    {"Montréal", "Québec", "Canada"}, {"Toronto", "Ontario", "Canada"},
    {"New York", "NY", "United States"}, {"Austin", "TX", "United States"},
    {"Seattle", "WA", "United States"}, {"Chicago", "IL", "United States"},
    {"北京", "北京市", "China"}, {"上海", "上海市", "China"},
    {"東京", "東京都", "Japan"}, {"大阪", "大阪府", "Japan"},
    {"서울", "서울특별시", "South Korea"}, {"Москва", "Москва", "Russia"},
    {"Αθήνα", "Αττική", "Greece"}, {"İstanbul", "İstanbul", "Türkiye"},
    {"Madrid", "Madrid", "Spain"}, {"A Coruña", "Galicia", "Spain"},
    {"Lisboa", "Lisboa", "Portugal"}, {"Oslo", "Oslo", "Norway"},
    {"Tromsø", "Troms", "Norway"}, {"København", "Hovedstaden", "Denmark"},
    {"Helsinki", "Uusimaa", "Finland"}, {"Reykjavík", "Höfuðborgarsvæðið", "Iceland"},
    {"Sydney", "NSW", "Australia"}, {"Auckland", "Auckland", "New Zealand"},
    {"Cape Town", "Western Cape", "South Africa"}, {"Nairobi", "Nairobi", "Kenya"},
};
#define NPLACES (sizeof places / sizeof places[0])

static const char *words[] = {
    "service", "was", "good", "bad", "slow", "fast", "staff", "friendly", "the",
    "price", "too", "high", "ok", "could", "be", "better", "very", "helpful",
    "waiting", "time", "long", "clean", "room", "app", "crashed", "again",
    "would", "recommend", "not", "sure", "about", "delivery", "late", "on",
    "support", "answered", "quickly", "café", "naïve", "résumé", "no", "comment",
};
#define NWORDS (sizeof words / sizeof words[0])

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: gen N [seed]\n"); return 2; }
    long n = atol(argv[1]);
    s = argc > 2 ? strtoull(argv[2], 0, 10) : 42;
    static char obuf[1 << 20];
    setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
    static const char *answers[] = {"Yes", "No", "Partial", "Unknown"};
    static const int dim[] = {31,28,31,30,31,30,31,31,30,31,30,31};
    fputs("response_id,city,state,country,question_id,item_id,answer,score,free_text,date\n", stdout);
    unsigned place = 0, yday = 0;
    for (long i = 0; i < n; i++) {
        long rid = i / 25 + 1;
        int k = (int)(i % 25);
        if (k == 0) { place = rn(NPLACES); yday = rn(365); }
        int q = k < 20 ? k + 1 : (k - 20) * 4 + 1; /* Q01..Q20, Q01,Q05.. second item */
        int item = k < 20 ? 1 : 2;
        unsigned r = rn(100);
        const char *ans = answers[r < 45 ? 0 : r < 75 ? 1 : r < 92 ? 2 : 3];
        double score = (double)rn(101) / 10.0;
        /* free text ~60 chars */
        char ft[160]; int fl = 0;
        while (fl < 55) {
            const char *w = words[rn(NWORDS)];
            size_t wl = strlen(w);
            memcpy(ft + fl, w, wl); fl += (int)wl;
            unsigned p = rn(20);
            if (p == 0) { ft[fl++] = ','; }
            else if (p == 1) { ft[fl++] = '"'; ft[fl++] = '"'; } /* escaped quote */
            ft[fl++] = ' ';
        }
        ft[fl - 1] = '.'; ft[fl] = 0;
        int m = 0, d = (int)yday;
        while (d >= dim[m]) d -= dim[m++];
        printf("%ld,%s,%s,%s,Q%02d,%d,%s,%.1f,\"%s\",2023-%02d-%02d\n", rid,
               places[place][0], places[place][1], places[place][2], q, item,
               ans, score, ft, m + 1, d + 1);
    }
    return 0;
}
