import streamlit as st

from nn import FEATURES, JAMES
from ui import guide, live, state, tables
from ui.state import lab
from ui.text import plain, score_from

st.title("Score a person")
st.write("Type in someone's four scores (0 to 1) and the trained network guesses their happiness in an instant.")
guide.what("score")


@live.follows  # a press redraws this part alone
def now():
    net = state.net()
    with st.form("score_form"):
        name = st.text_input("Name", value=JAMES[0], max_chars=60, key="score_name")
        cols = st.columns(4)
        # Text boxes, read by ui/text.score_from: a number box would drop "abc" or "0,5" unseen and score the old
        # value. Here each problem is named below, and nothing is scored.
        # No max_chars: the browser would drop a longer paste unseen; ui/text refuses it, with a message.
        typed = [col.text_input(f, value=f"{v:g}", key=f"score_{f}",
                                help="A score from 0 to 1, such as 0.4 (a decimal comma works too).")
                 for col, f, v in zip(cols, FEATURES, JAMES[1], strict=True)]
        submitted = st.form_submit_button("Score")
    values, problems = [], []
    for feature, text in zip(FEATURES, typed, strict=True):
        try:
            values.append(score_from(text, feature))
        except ValueError as err:
            problems.append(str(err))
    if submitted and problems:
        st.error(plain("That can't be scored: " + "; ".join(problems) + "."))
    elif submitted:
        try:
            happiness = float(net.predict([values])[0])
        except ValueError as err:
            st.error(plain(f"That can't be scored: {err}."))
        else:
            who = name.strip() or "Someone"
            lab.score(who, values)
            st.metric(f"Happiness score at epoch {net.epoch:,}", f"{happiness:.6f}",
                      help="0 is very unhappy, 1 is very happy.")
            st.text(f"{who}: {happiness:.6f}")
            st.write("How each score pushed the hidden neuron (score × weight; positive pushes happiness up "
                     "while the hidden neuron's weight to the output is positive):")
            st.dataframe(tables.pushes(net, values), hide_index=True)
    st.subheader("Everyone scored in this session")
    st.caption(f"Scored with the weights at epoch {net.epoch:,}; they re-score as the network trains.")
    if not state.current().scored:
        st.caption("Nobody yet: press Score above, and each person you score is listed here.")
    else:
        scored = tables.scored(net, state.current().scored)
        st.table(tables.text(scored, dict.fromkeys(FEATURES, tables.SCORE) | {"Happiness now": tables.SIX}),
                 hide_index=True, border="horizontal")
