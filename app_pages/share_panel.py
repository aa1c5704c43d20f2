"""Sharing a rehearsal with the manager: the PM picks what goes, checks it, and can take it back."""

from __future__ import annotations

import json

import streamlit as st

from app_pages import services, ui

WHAT = {"summary": "Prep summary", "excerpts": "Answers I pick"}
WHAT_HELP = {"summary": "Your answers gathered per question, the way your manager would read them "
                        "before you meet.",
             "excerpts": "Only the answers you tick below, word for word. Nothing else of the "
                         "conversation goes with them."}
MAX_SHARE_BYTES = 1_000_000  # a share holds one plan or summary: a few kilobytes
SENSITIVE_NOTE = ("Marked private: it touches on health or family. It stays unticked so it is not "
                  "shared by accident; tick it only if you want your manager to read it.")


def read_share_file(upload) -> tuple[dict | None, str | None]:
    """A share file's data, or why it is not one, in plain words (never a parser's error text)."""
    raw = upload.getvalue()
    if len(raw) > MAX_SHARE_BYTES:
        return None, "it is far larger than any share file; please check you picked the right one."
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return None, "it is not a text file, so it cannot be a Next Step share file."
    except ValueError:
        return None, "it is not a Next Step share file (its contents are not in the share format)."
    if not isinstance(data, dict):
        return None, "it is not a Next Step share file (its contents are not in the share format)."
    return data, None


def share_file_button(make, key: str) -> None:
    """The share as a JSON file, for a manager who runs Next Step on their own machine."""
    st.download_button("Download the share file",
                       lambda: json.dumps(make(), ensure_ascii=False, indent=1, default=str),
                       file_name="next-step-share.json", mime="application/json",
                       icon=":material/file_export:", key=key, on_click="ignore",
                       help="Hand this file to your manager; they import it on the History page.")


def manager_form(ws, key: str) -> None:
    """Name the manager who will see what is shared (nobody sees anything until then)."""
    st.caption("Nobody is set as your manager yet. Add their email address; only what you share "
               "from here on reaches them, and you can stop sharing at any time.")
    with st.form(f"name_manager_{key}", border=False):
        email = st.text_input("Manager's email", placeholder="manager@example.com",
                              key=f"share_manager_{key}")
        if st.form_submit_button("Save my manager", icon=":material/person_add:"):
            if "@" not in email or len(email.strip()) < 3:
                st.warning("Please enter your manager's email address.")
            else:
                try:
                    ws.choose_manager(email.strip())
                except (ValueError, PermissionError) as exc:
                    st.warning(ui.safe(str(exc)))
                else:
                    st.rerun()


def content_markdown(content: dict) -> str:
    """A summary or excerpts share as Markdown, the same text the manager reads."""
    lines: list[str] = []
    if content.get("kind") == "excerpts":
        for m in content.get("messages") or []:
            who = "**You**" if m.get("role") == "pm" else "**Next Step**"
            quoted = [ui.label(line, 2000) for line in str(m.get("text") or "").splitlines()]
            lines.append(f"{who}:\n\n> " + "  \n> ".join(quoted))
        return "\n\n".join(lines) or "_No answers chosen._"
    if content.get("target_title"):
        lines.append(f"**Aiming for:** {ui.label(content['target_title'])}")
    if content.get("horizon_declined"):
        lines.append("_Prefers to focus on the nearer term; please don't push on the long view._")
    elif content.get("horizon_years"):
        lines.append(f"**Horizon:** about {ui.label(content['horizon_years'])} years")
    for answer in (content.get("answers") or {}).values():
        lines.append(f"**{ui.label(answer.get('label'))}:** {ui.label(answer.get('text'), 2000)}")
    for title, key in (("Evidence", "evidence"), ("Experiences to gain", "experiences")):
        if content.get(key):
            lines.append(f"**{title}:**\n" + "\n".join(f"- {ui.label(e)}" for e in content[key]))
    if content.get("gaps"):
        lines.append("**Areas to grow:**\n" + "\n".join(f"- {ui.label(g.get('label'))}" for g in content["gaps"]))
    return "\n\n".join(lines) or "_Nothing to show yet._"


def _pick_excerpts(messages, key: str) -> tuple[list[int], bool]:
    """Checkboxes over the PM's own answers; returns the chosen ids and whether any is private."""
    st.caption("Tick the answers you want your manager to read. Nothing is ticked until you choose.")
    chosen, private = [], False
    for m in (m for m in messages if m.role == "pm"):
        text = m.text if len(m.text) <= 160 else m.text[:157] + "..."
        label = f":material/lock: {ui.label(text)}" if m.sensitive else ui.label(text)
        if st.checkbox(label, value=False, key=f"excerpt_{key}_{m.id}"):
            chosen.append(m.id)
            private = private or bool(m.sensitive)
        if m.sensitive:
            st.caption(SENSITIVE_NOTE)
    return chosen, private


def _current_shares(ws, cid: str, local: bool) -> None:
    live = [s for s in ws.talk_shares(cid) if s.revoked_at is None]
    if not live:
        return
    st.markdown("**Shared now**")
    for share in live:
        with st.container(border=True):
            extra = " · includes private answers" if share.include_sensitive else ""
            st.caption(f"{WHAT.get(share.what, ui.label(share.what))} · shared {ui.when(share.created)}{extra}")
            left, right = st.columns(2)
            if left.button("Stop sharing", key=f"revoke_{share.id}", icon=":material/link_off:"):
                ws.revoke(share.id)
                st.toast("Stopped sharing. Your manager no longer sees it.", icon=":material/link_off:")
                st.rerun()
            if local:
                with right:
                    share_file_button(lambda sid=share.id: ws.export_share(sid), f"share_file_{share.id}")


def rehearsal_panel(ws, conv) -> None:
    """Choose a summary or picked answers, preview exactly what goes, share, list and revoke."""
    if not hasattr(ws, "preview_share"):
        st.info("Sharing needs the database, which could not be opened in this session.",
                icon=":material/database:")
        return
    key, local = conv.id, services.person().mode == "local"
    manager = ws.manager_label()
    if manager is None:
        manager_form(ws, key)
    else:
        st.caption(f"Shares go to your manager, **{ui.label(manager)}**. The full conversation is never "
                   "shared; you choose what goes, and can stop sharing at any time."
                   + (" In local mode nothing is sent: a share makes a file you hand to them." if local else ""))
    what = st.radio("What to share", list(WHAT), format_func=WHAT.get, key=f"share_what_{key}",
                    horizontal=True, captions=[WHAT_HELP[w] for w in WHAT])
    excerpts, private = [], False
    if what == "summary":
        private = st.checkbox("Include answers marked private (health, family)", value=False,
                              key=f"share_sensitive_{key}",
                              help="Left out unless you tick this. The preview shows the difference.")
    else:
        excerpts, private = _pick_excerpts(ws.transcript(conv.id), key)
    st.markdown("**What your manager will see**")
    if what == "excerpts" and not excerpts:
        st.caption("Tick at least one answer to see the preview.")
        preview = None
    else:
        preview = ws.preview_share(what, conv.id, excerpts, private)
        with st.container(border=True, key=f"share_preview_{key}"):
            ui.text(content_markdown(preview.content))
        if preview.left_out:
            st.caption(":material/visibility_off: Left out because it is private: "
                       + ui.label(", ".join(preview.left_out)) + ".")
        else:
            st.caption("Nothing is left out of what you chose.")
    if st.button("Share with my manager", type="primary", icon=":material/share:",
                 key=f"share_go_{key}", disabled=preview is None or manager is None):
        try:
            ws.share_talk(what, conv.id, excerpts, private)
        except (ValueError, PermissionError) as exc:
            st.warning(ui.safe(str(exc)))
        else:
            st.toast("Shared: download the share file below and hand it over." if local
                     else "Shared. Your manager can read it now.", icon=":material/check:")
            st.rerun()
    _current_shares(ws, conv.id, local)


def import_file(ws, upload):
    """Import an uploaded share file: (the imported item, None) or (None, why not, in one line)."""
    data, problem = read_share_file(upload)
    if problem is not None:
        return None, problem
    try:
        return ws.import_share(data), None
    except (ValueError, PermissionError) as exc:  # ShareFileError, NotAllowed: one plain line
        return None, str(exc)
    except Exception:  # noqa: BLE001 - a file no check foresaw must not take the page down
        return None, "it is not a Next Step share file in a form this version can read."
