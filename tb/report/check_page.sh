#!/bin/sh
# tb/report/check_page.sh PAGE TABLES IMAGES [LINKS]: loads the report page in a real headless
# browser (Debian's chromium) and checks what it rendered: exactly TABLES tables, each with rows,
# and IMAGES images, every one decoded (naturalWidth > 0); no src or href that leaves the page
# but data: URIs, #anchors and exactly LINKS (default 0) relative links to files beside it (the
# RTL coverage's lcov tracefile and genhtml view), each of which must exist: the page is
# self-contained but for those, and nothing is fetched from elsewhere. The page itself has no script: a
# copy of it gets one that writes the counts into the DOM after the load, and --dump-dom prints
# that DOM. Prints one line, `browser: PAGE: ...`, and exits 0 when all holds, 1 when not, 2 on
# bad usage or no browser.
set -u
[ $# -eq 3 ] || [ $# -eq 4 ] || { echo "usage: tb/report/check_page.sh PAGE TABLES IMAGES [LINKS]" >&2; exit 2; }
page=$1 want_tables=$2 want_images=$3 want_links=${4:-0}
[ -r "$page" ] || { echo "browser: $page: cannot read it" >&2; exit 2; }
browser=$(command -v chromium || command -v chromium-browser) ||
  { echo "browser: no chromium (make deps installs it)" >&2; exit 2; }
work=$(mktemp -d) || exit 2
trap 'rm -rf "$work"' EXIT

probe='<script>window.addEventListener("load", function () {
  var b = document.body, ok = 0, broken = 0, empty = 0, outside = 0, links = 0;
  for (const i of document.images) { if (i.complete && i.naturalWidth > 0) ok++; else broken++; }
  for (const t of document.querySelectorAll("table")) if (t.querySelectorAll("tbody tr").length == 0) empty++;
  for (const e of document.querySelectorAll("[src],[href]")) {
    const u = e.getAttribute("src") || e.getAttribute("href");
    if (u.startsWith("data:") || u.startsWith("#")) continue;
    if (e.tagName == "A" && !u.includes(":") && !u.startsWith("/")) links++; else outside++;
  }
  b.setAttribute("data-check", "tables=" + document.querySelectorAll("table").length + " empty=" + empty +
    " images=" + ok + " broken=" + broken + " outside=" + outside + " links=" + links);
});</script>'
# The probe goes last in the body; the page's own text is not touched.
awk -v probe="$probe" '{ i = index($0, "</body>") }
  i && !done { print substr($0, 1, i - 1) probe substr($0, i); done = 1; next } { print }' "$page" > "$work/page.html"
# --no-sandbox: the sandbox cannot start as root or in most containers; the page is our own.
"$browser" --headless --no-sandbox --disable-gpu --user-data-dir="$work/profile" --virtual-time-budget=5000 \
  --dump-dom "file://$work/page.html" > "$work/dom.html" 2> "$work/browser.log"
got=$(sed -n 's/.*data-check="\([^"]*\)".*/\1/p' "$work/dom.html" | head -1)
if [ -z "$got" ]; then
  echo "browser: $page: the browser rendered nothing (see its log below)"
  tail -5 "$work/browser.log"
  exit 1
fi
want="tables=$want_tables empty=0 images=$want_images broken=0 outside=0 links=$want_links"
# Each relative link must name a file beside the page (the page's text escapes & as &amp;).
dead=0
grep -o 'href="[^"#][^"]*"' "$page" | sed 's/^href="//; s/"$//; s/&amp;/\&/g' | grep -v '^data:' > "$work/links"
while IFS= read -r href; do
  [ -e "$(dirname "$page")/$href" ] || { echo "browser: $page: the link $href leads nowhere"; dead=$((dead + 1)); }
done < "$work/links"
if [ "$got" = "$want" ] && [ $dead -eq 0 ]; then
  echo "browser: $page: $want_tables tables and $want_images images rendered, none broken, $want_links links to files beside it, nothing fetched"
  exit 0
fi
echo "browser: $page: rendered $got; want $want"
exit 1
