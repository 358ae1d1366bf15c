#!/usr/bin/env python3
"""Generated reports for the linearity benchmark (benches/README.md): N tables of 10 rows
and 5N footnotes, one English edition, in /tmp/lin/tN/report.yaml for N = 50, 100, 200."""
import os

WORDS = "migration governance development countries partners report crisis protection dialogue cooperation".split()


def text(seed, n):
    return " ".join(WORDS[(seed * 7 + i * 3 + i * i) % len(WORDS)] for i in range(n))


for tables in (50, 100, 200):
    folder = f"/tmp/lin/t{tables}"
    os.makedirs(folder, exist_ok=True)
    body, k = [], 0
    for t in range(tables):
        for p in range(5):
            body.append(
                f'  - paragraph: "{text(t * 5 + p, 30 + (t + p) % 20)}^[{text(k, 8 + k % 15)}.] {text(k + 1, 12)}."'
            )
            k += 1
        rows = "\n".join(f'        - ["Row {r}", "{text(r, 6)}", "{r * 17}.5"]' for r in range(10))
        body.append(
            f'  - table:\n      caption: "Table {t + 1}"\n      columns: [1fr, 3fr, auto]\n'
            f"      header:\n        - [Name, Description, Amount]\n      rows:\n{rows}"
        )
    with open(f"{folder}/en.yaml", "w") as f:
        f.write("title: Linearity\nbody:\n" + "\n".join(body) + "\n")
    with open(f"{folder}/report.yaml", "w") as f:
        f.write("id: lin\ndate: 2017-06-30\neditions:\n  - lang: en\n    source: en.yaml\n")
    print(folder, tables, "tables", k, "footnotes")
