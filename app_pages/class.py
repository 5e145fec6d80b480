import functools
import time

import streamlit as st

from classroom.store import CLASS_DAYS
from ui import board, controls, guide, live, state
from ui.state import classroom
from ui.text import plain

st.title("Class")
st.write("A class shares its runs on one board: the teacher sees every learner's run side by side, and opens "
         "any of them by its link.")
guide.what("class")
live.nothing_follows()  # a press changes nothing here: it redraws only the bar
controls.said("class")  # what joining, starting or running the class said
s = state.current()
teacher = classroom.teacher_class()

if teacher is not None:
    st.subheader("Your class: " + plain(teacher.title))
    code = f"{teacher.code[:5]} {teacher.code[5:]}"
    if state.presenting():  # large enough to read across a room
        st.markdown(f"## Class code for learners: `{code}`")
    else:
        st.markdown(f"Class code for learners: **`{code}`**")
    days = max(0, round((teacher.expires - time.time()) / 86400))
    kept, extend = st.columns([3, 1], vertical_alignment="center")
    kept.caption(f"This class and its board are kept until {time.strftime('%d %B %Y', time.localtime(teacher.expires))}"
                 f" (in {days} day{'s' if days != 1 else ''}), then deleted. Download them below to keep them.")
    extend.button(f"Keep {CLASS_DAYS:g} more days", key="board_extend", width="stretch",
                  on_click=classroom.teacher_action, args=("extend",))
    if state.presenting():
        st.caption("Presenter mode hides your teacher link. Turn it off to see it.")
    else:
        live.secret(classroom.teacher_link(), "Your teacher link:", key="board_link")
        st.caption("It opens this board, with every control, from any browser: keep it to yourself.")
        st.button("Make a new teacher link…", key="board_renew", on_click=classroom.ask, args=("renew",),
                  help="The link you have now stops working, in every browser.")
        board.question("renew", "Yes, a new link")
    st.session_state.setdefault("board_see", teacher.learners_see)
    st.session_state.setdefault("board_joins", teacher.joins_open)
    see, joins = st.columns(2)
    see.toggle("Learners can see the board", key="board_see", on_change=classroom.teacher_action,
               args=("see",))
    joins.toggle("New learners can join", key="board_joins", on_change=classroom.teacher_action,
                 args=("joins",), help="Off: nobody new can join; those in the class still post.")
    close, forget = st.columns(2)
    if teacher.open:
        close.button("Close the class…", key="board_close", on_click=classroom.ask, args=("close",),
                     width="stretch", help="Learners can no longer join or post; the board stays, and you can reopen it.")
    else:
        close.button("Reopen the class", key="board_reopen", on_click=classroom.teacher_action, args=("reopen",),
                     width="stretch")
    forget.button("Forget this link here", key="board_forget", on_click=classroom.teacher_action,
                  args=("forget",), width="stretch", help="This browser stops opening the board; your teacher link "
                  "still does.")
    board.question("close", "Yes, close it")
    if not teacher.open:
        st.info("This class is closed: learners can no longer join or post.")
    json_file, csv_file = st.columns(2)
    json_file.download_button("Download everything (JSON)", key="board_download", on_click="ignore", width="stretch",
                              data=functools.partial(classroom.download_json, s.teacher),
                              file_name=f"class-{teacher.code}.json", mime="application/json",
                              help="The class, every learner and every run (hidden ones marked), with links.")
    csv_file.download_button("Download the board (CSV)", key="board_csv", on_click="ignore", width="stretch",
                             data=functools.partial(classroom.download_csv, s.teacher, classroom.server_base()),
                             file_name=f"class-{teacher.code}.csv", mime="text/csv",
                             help="One row a run, for a spreadsheet.")
    st.fragment(run_every=board.SECONDS)(board.teacher)()
elif s.member is not None or s.member_kept is not None:
    member = s.member or s.member_kept
    st.subheader(f"You are in \u201c{plain(member['title'])}\u201d as {plain(member['name'])}")
    st.caption("Post a run from the sidebar of any page, with a note on what you tried.")
    st.button("Leave this class", key="class_leave", on_click=classroom.leave_class, disabled=s.member is None)
    st.fragment(run_every=board.SECONDS)(board.learner)()
elif s.teacher is not None or s.teacher_kept is not None:  # the store can't be asked just now
    st.fragment(run_every=classroom.RETRY_SECONDS)(board.waiting)()
else:
    join, start = st.columns(2)
    with join, st.form("join_form", border=True):
        st.subheader("Join a class")
        st.text_input("Class code", key="class_code", max_chars=20, placeholder="from your teacher")
        st.text_input("Your name, as the board shows it", key="class_name", max_chars=40)
        st.form_submit_button("Join", on_click=classroom.join_class, width="stretch")
    with start, st.form("start_form", border=True):
        st.subheader("Start a class")
        st.text_input("The class's name", key="class_title", max_chars=60, placeholder="A class")
        st.form_submit_button("Start a class", on_click=classroom.start_class, width="stretch")
