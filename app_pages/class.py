import json

import pandas as pd
import streamlit as st

from nn.challenges import BY_KEY
from ui import charts, figures, guide, state
from ui.text import plain

BOARD_SECONDS = 3  # how often a board refreshes by itself

st.title("Class")
st.write("A class shares its runs on one board: the teacher sees every learner's run side by side, and opens "
         "any of them by its link.")
guide.what("class")
s = state.current()
teacher = state.teacher_class()


def table(posts, teacher_view):
    """The posted runs, one row each: who, the note, where the run is, its settings, its outputs, its link."""
    rows = [{"#": p["id"], "Learner": p["learner"], "Note": p["note"], "Epoch": p["run"].get("epoch"),
             "Loss": p["run"].get("loss"), "Settings": p["run"].get("label", ""),
             "Outputs": ", ".join(f"{n} {v:.3f}" for n, v in zip(p["run"].get("names", []), p["run"].get("outputs", []),
                                                                   strict=False)),
             "Solved": ", ".join(BY_KEY[k].title for k in p["run"].get("solved", {}) if k in BY_KEY),
             "Open": p["run"].get("link", "?"), **({"Hidden": p["hidden"]} if teacher_view else {})} for p in posts]
    st.dataframe(pd.DataFrame(rows), hide_index=True, key=f"board_table_{'teacher' if teacher_view else 'class'}",
                 column_config={"Loss": st.column_config.NumberColumn(format="%.6f"),
                                "Open": st.column_config.LinkColumn("Open", display_text="replay it")})


def solved_table(learners):
    rows = [{"Learner": name, "Challenges solved": ", ".join(f"{BY_KEY[k].title} (epoch {e:,})"
                                                             for k, e in solved.items() if k in BY_KEY)}
            for name, solved in learners]
    st.dataframe(pd.DataFrame(rows, columns=["Learner", "Challenges solved"]), hide_index=True,
                 key="board_solved")


@st.fragment(run_every=BOARD_SECONDS)
def board(teacher_view):
    """The class's posted runs, refreshed by itself: the teacher's whole board with its controls, or the class's
    view of it (hidden posts left out)."""
    got = state.class_board()
    if got is None:
        return
    posts, learners = got
    if teacher_view:
        st.caption(f"{len(posts)} run{'s' if len(posts) != 1 else ''} posted by {len(learners)} "
                   f"learner{'s' if len(learners) != 1 else ''}; this board refreshes by itself every "
                   f"{BOARD_SECONDS} seconds.")
    if posts:
        charts.show(figures.class_board(posts), "board_chart")
        table(posts, teacher_view)
    elif not teacher_view:
        st.caption("No runs posted yet.")
    if not teacher_view:
        return
    if posts:
        picked = st.selectbox("A post", [p["id"] for p in posts], key="board_post",
                              format_func=lambda i: next(f"#{p['id']} {p['learner']}: {p['note'] or '(no note)'}"
                                                         + (" (hidden)" if p["hidden"] else "")
                                                         for p in posts if p["id"] == i))
        hide, show, remove = st.columns(3)
        hide.button("Hide it", key="board_hide", on_click=state.teacher_action, args=("hide", picked),
                    width="stretch", help="Hidden posts stay on your board (dotted) but leave the class's.")
        show.button("Show it", key="board_show", on_click=state.teacher_action, args=("show", picked),
                    width="stretch")
        remove.button("Remove it", key="board_remove", on_click=state.teacher_action, args=("remove", picked),
                      width="stretch")
    st.subheader("Challenges solved")
    solved_table(learners)


if teacher is not None:
    st.subheader(plain(f"Your class: {teacher.title}"))
    st.markdown(f"Class code for learners: **`{teacher.code}`**")
    st.caption("Your teacher link opens this board from any browser. Keep it to yourself: it controls the class.")
    st.code(state.teacher_link(), language=None)
    see, close, forget = st.columns(3)
    see.toggle("Learners can see the board", key="board_see", on_change=state.teacher_action, args=("see",))
    close.button("Close the class", key="board_close", on_click=state.teacher_action, args=("close",),
                 disabled=not teacher.open, help="Learners can no longer join or post; the board stays.")
    forget.button("Forget this link here", key="board_forget", on_click=state.teacher_action, args=("forget",),
                  help="This browser stops opening the board; your teacher link still does.")
    st.download_button("Download everything (JSON)", data=lambda: json.dumps(state.class_export()),
                       file_name=f"class-{teacher.code}.json", mime="application/json", key="board_download",
                       on_click="ignore")
    if not teacher.open:
        st.info("This class is closed: learners can no longer join or post.")
    board(teacher_view=True)
elif s.member is not None:
    st.subheader(plain(f"You are in \u201c{s.member['title']}\u201d as {s.member['name']}"))
    st.caption("Post a run from the sidebar of any page, with a note on what you tried.")
    st.button("Leave this class", key="class_leave", on_click=state.leave_class)
    if state.learners_see():
        st.subheader("The class's board")
        board(teacher_view=False)
else:
    join, start = st.columns(2)
    with join, st.form("join_form", border=True):
        st.subheader("Join a class")
        st.text_input("Class code", key="class_code", max_chars=20, placeholder="from your teacher")
        st.text_input("Your name, as the board shows it", key="class_name", max_chars=40)
        st.form_submit_button("Join", on_click=state.join_class, width="stretch")
    with start, st.form("start_form", border=True):
        st.subheader("Start a class")
        st.text_input("The class's name", key="class_title", max_chars=60, placeholder="A class")
        st.form_submit_button("Start a class", on_click=state.start_class, width="stretch")
