#!/bin/bash
# checksrc.sh - the house rules a machine can check (docs/DESIGN.md section 6), in the
# spirit of curl's checksrc: banned functions, one door per library, an opening comment in
# every source file, headers whole inside their include guards. Prints every violation as
# FILE:LINE: rule, and exits 1 when there is any.
set -u
cd "${1:-$(dirname "$0")/../..}" || exit 2
bad=0
say() { printf '%s\n' "$*"; bad=1; }

# Banned functions (rule 6).
while IFS= read -r hit; do
  say "$hit: banned function (use the bounded or strict version)"
done < <(grep -rnE '(^|[^_[:alnum:]])(strcpy|strcat|sprintf|vsprintf|strtok|atoi|atol|atof|gets|localtime|gmtime)[[:space:]]*\(' src \
  | grep -vE '^[^:]+:[0-9]+:[[:space:]]*(/?\*|//)')

# One door per library (section 1).
for h in sqlite3.h xlsxwriter.h hpdf.h iniparser.h csv.h md4c.h openssl/evp.h zlib.h; do
  files=$(grep -rlE "#include *[<\"]$h[>\"]" src | grep -v '^src/render/pdf_int.h$')
  n=$(printf '%s' "$files" | grep -c .)
  if [ "$h" = hpdf.h ]; then
    # libharu's door is render/pdf_int.h and the pdf*.c files behind it.
    others=$(printf '%s\n' $files | grep -vE '^src/render/pdf[_a-z]*\.c$')
    [ -z "$others" ] || say "$others: includes <$h> outside render/pdf*"
  elif [ "$n" -gt 1 ]; then
    say "$(echo $files): <$h> is included by $n files; it has one door"
  fi
done

# Includes run one way, down the layers (docs/DESIGN.md section 1).
allowed() {
  case "$1" in
    util) echo "util" ;;
    config) echo "util config" ;;
    store) echo "util config store" ;;
    import) echo "util config store import" ;;
    analysis) echo "util config store analysis" ;;
    render) echo "util config analysis render" ;;
    report) echo "util config store import analysis render report" ;;
    cli) echo "util config store import analysis render report cli" ;;
  esac
}
for dir in src/*/; do
  m=$(basename "$dir")
  ok=$(allowed "$m")
  [ -n "$ok" ] || { say "$dir: a module docs/DESIGN.md does not name"; continue; }
  while IFS= read -r hit; do
    target=$(printf '%s' "$hit" | sed -E 's/.*#include "([a-z]+)\/.*/\1/')
    case " $ok " in *" $target "*) ;; *) say "$hit: $m/ includes $target/, above it" ;; esac
  done < <(grep -rnE '#include "[a-z]+/' "$dir")
done

# Every source file opens with a comment saying what it is for (rule 5).
for f in $(find src -name '*.c' -o -name '*.h' | sort); do
  first=$(grep -m1 -vE '^[[:space:]]*$' "$f")
  case "$first" in
    /\**) ;;
    *) say "$f:1: the file does not open with a comment saying what it is for" ;;
  esac
done

# Headers whole inside their include guards: nothing but blank lines after the last #endif.
for f in $(find src -name '*.h' | sort); do
  last=$(grep -n '^#endif' "$f" | tail -1 | cut -d: -f1)
  [ -n "$last" ] || { say "$f: no include guard"; continue; }
  after=$(tail -n +"$((last + 1))" "$f" | grep -c '[^[:space:]]')
  [ "$after" -eq 0 ] || say "$f:$last: declarations after the include guard's #endif"
done

[ "$bad" -eq 0 ] && echo "checksrc: ok"
exit "$bad"
