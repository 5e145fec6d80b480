"""The class's board as the Class page draws it: a page of posted runs (chart and table), the teacher's controls
for posts and learners, and the questions that come before a control that can't be undone.

A refresh draws one page of the board (ui/classroom.BOARD_PAGE posts), so its cost is the page's, not
the class's: a class of 3,000 posts refreshes as fast as one of 40. Every text a learner typed is shown as
text, and the table's cells are safe to open in a spreadsheet (classroom/export.safe_cell).
"""

import pandas as pd
import streamlit as st

from classroom.export import safe_cell
from classroom.store import MAX_POSTS_PER_CLASS
from nn.challenges import BY_KEY
from ui import charts, figures, state
from ui.state import classroom
from ui.text import plain

SECONDS = 3  # how often a board refreshes by itself


def table(posts, teacher_view):
    """The posted runs, one row each: who, the note, where the run is, its settings, its outputs, its link."""
    rows = [{"#": p["id"], "Learner": safe_cell(p["learner"]), "Note": safe_cell(p["note"]),
             "Epoch": p["run"].get("epoch"), "Loss": p["run"].get("loss"),
             "Settings": safe_cell(p["run"].get("label", "")),
             "Outputs": safe_cell(", ".join(f"{n} {v:.3f}" for n, v in zip(p["run"].get("names", []),
                                                                            p["run"].get("outputs", []), strict=False))),
             "Solved": ", ".join(BY_KEY[k].title for k in p["run"].get("solved", {}) if k in BY_KEY),
             "Open": p["run"].get("link", "?"), **({"Hidden": p["hidden"]} if teacher_view else {})} for p in posts]
    st.dataframe(pd.DataFrame(rows), hide_index=True, key=f"board_table_{'teacher' if teacher_view else 'class'}",
                 column_config={"Loss": st.column_config.NumberColumn(format="%.6f"),
                                "Open": st.column_config.LinkColumn("Open", display_text="replay it")})


def learners_table(learners):
    rows = [{"Learner": safe_cell(name), "Runs posted": posts,
             "Challenges solved": ", ".join(f"{BY_KEY[k].title} (epoch {e:,})" for k, e in solved.items() if k in BY_KEY)}
            for name, solved, posts in learners]
    st.dataframe(pd.DataFrame(rows, columns=["Learner", "Runs posted", "Challenges solved"]), hide_index=True,
                 key="board_solved")


def posts(page, teacher_view):
    """A page of posts: which ones, the way to newer and older pages, the chart and the table."""
    s = state.current()
    if not page.posts:
        st.caption("No runs posted yet." if not s.board_learner else "This learner has posted no runs.")
        return
    first = s.board_offset + 1
    last = s.board_offset + len(page.posts)
    newer, older, where = st.columns([1, 1, 4], vertical_alignment="center")
    newer.button("Newer", key=f"board_newer_{teacher_view}", on_click=classroom.turn_page, args=(-1,),
                 disabled=s.board_offset == 0, width="stretch")
    older.button("Older", key=f"board_older_{teacher_view}", on_click=classroom.turn_page, args=(1,),
                 disabled=last >= page.total, width="stretch")
    where.caption(f"Runs {first:,} to {last:,} of {page.total:,}, newest first.")
    table(page.posts, teacher_view)
    if s.board_drawn:
        charts.show(figures.class_board(page.posts[::-1]), f"board_chart_{teacher_view}")
    else:  # the session's first board: the table shows at once, and the chart (whose drawing code is the
        # page's largest) joins it at the first refresh, rather than holding the table back while it loads
        s.board_drawn = True
        with st.container(height=450, border=False):
            st.caption("The chart of these runs' loss appears here in a moment.")


def question(action, yes):
    """If the teacher's last press asks first (ui/classroom.ask), the question, Yes and Keep it."""
    s = state.current()
    if not s.asking or s.asking[0] != action:
        return
    _, *args = s.asking
    what = (f"{len(args[0])} run{'s' if len(args[0]) != 1 else ''}" if action == "remove" else
            args[0] if action == "remove learner" else "")
    st.warning(plain(classroom.ASKS[action].format(what=what)))
    go, keep = st.columns(2)
    go.button(yes, key=f"ask_yes_{action}", type="primary", width="stretch", on_click=classroom.teacher_action,
              args=(action, *args))
    keep.button("Keep it", key=f"ask_no_{action}", width="stretch", on_click=classroom.cancel)


def manage_posts(page):
    """Pick runs on this page, then hide, show or remove them (remove asks first)."""
    labels = {p["id"]: f"#{p['id']} {p['learner']}: {p['note'] or '(no note)'}" + (" (hidden)" if p["hidden"] else "")
              for p in page.posts}
    st.session_state["board_pick"] = [i for i in st.session_state.get("board_pick", []) if i in labels]
    picked = st.multiselect("Runs to hide, show or remove", list(labels), key="board_pick",
                            format_func=lambda i: labels.get(i, f"#{i}"), placeholder="pick runs on this page")
    hide, show, remove = st.columns(3)
    hide.button("Hide", key="board_hide", on_click=classroom.teacher_action, args=("hide", picked),
                disabled=not picked, width="stretch",
                help="Hidden runs stay on your board (dotted) but leave the class's.")
    show.button("Show", key="board_show", on_click=classroom.teacher_action, args=("show", picked),
                disabled=not picked, width="stretch")
    remove.button("Remove…", key="board_remove", on_click=classroom.ask, args=("remove", picked),
                  disabled=not picked, width="stretch")
    question("remove", "Yes, remove")


def manage_learners(page):
    """The class's learners, with their runs and challenges; take one out of the class (asks first)."""
    st.subheader("Learners")
    learners_table(page.learners)
    if not page.learners:
        return
    names = [n for n, _, _ in page.learners]
    if st.session_state.get("board_out_name") not in names:
        st.session_state["board_out_name"] = names[0]
    who, out = st.columns([3, 1], vertical_alignment="bottom")
    name = who.selectbox("A learner", names, key="board_out_name")
    out.button("Take out…", key="board_out", on_click=classroom.ask, args=("remove learner", name),
               width="stretch", help="Takes them out of the class with their runs: their browser can no longer post.")
    question("remove learner", "Yes, take them out")


def teacher():
    """The teacher's whole board, refreshed by itself: every run, hidden ones too, and the controls."""
    s = state.current()
    if classroom.retry():
        st.rerun(scope="app")
    page = classroom.teacher_page()
    if page is None:
        if s.class_down:
            st.warning(plain(s.class_down))
        return
    st.caption(f"{page.total:,} run{'s' if page.total != 1 else ''} posted by {len(page.learners)} "
               f"learner{'s' if len(page.learners) != 1 else ''}; this board refreshes by itself every {SECONDS} "
               "seconds.")
    if s.board_learner is None and page.total >= MAX_POSTS_PER_CLASS:
        st.warning(f"The board holds {MAX_POSTS_PER_CLASS:,} runs, the most a class can keep, so learners can't post "
                   "more. Remove runs (or learners, with theirs) to make room, or start a new class.")
    names = [n for n, _, _ in page.learners]
    if st.session_state.get("board_learner") not in ("", *names):
        st.session_state["board_learner"] = ""
        classroom.pick_learner()
    st.selectbox("Show the runs of", ["", *names], key="board_learner", on_change=classroom.pick_learner,
                 format_func=lambda n: n or "everyone")
    posts(page, teacher_view=True)
    if page.posts:
        manage_posts(page)
    manage_learners(page)


def waiting():
    """A teacher's class that can't be opened just now (the store fails): the sentence that says so, until the
    store answers; then the whole page, as it should be."""
    s = state.current()
    if classroom.retry() or (s.teacher is not None and classroom.teacher_class() is not None):
        st.rerun(scope="app")
    if s.teacher is None and s.teacher_kept is None:  # it opened no class after all: the page says so
        st.rerun(scope="app")
    st.warning(plain(s.class_down or "Opening your class…"))


def learner():
    """The class's view of the board (hidden runs left out), once the teacher shares it: within one refresh."""
    if classroom.retry():
        st.rerun(scope="app")
    s = state.current()
    if s.member is None:
        if s.class_down:
            st.warning(plain(s.class_down))
        return
    found = classroom.learner_view()
    if found is None:
        if s.class_down:
            st.warning(plain(s.class_down))
        elif s.member is None:
            st.rerun(scope="app")  # the class has gone: the page offers to join another
        return
    info, page = found
    if page is None:
        st.caption("Your teacher has not shared the class's board yet. It appears here by itself when they do.")
        return
    st.subheader("The class's board")
    posts(page, teacher_view=False)
