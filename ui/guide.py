""""What am I looking at?": one plain explanation per page, in the learner's words, with where each chart's
numbers are written out as text (for anyone who can't see the chart, or wants the exact digits)."""

import streamlit as st

WHAT = {
    "overview": "The table is the whole data set. Each person has four scores (what the network sees), a truth "
                "(the happiness it should say) and an output (what it says now). Training nudges the weights so "
                "that every output moves toward its truth. The train buttons and Play, in the bar at "
                "the top of every page, train it; each page shows another side of the same network.",
    "tour": "A walk through the series, one idea at a time. Each step puts the series' network at the epoch that "
            "part of the series was at, tells you which numbers to look for and where, and gives you one thing "
            "to try. Next and Back move between steps; your place is kept if you wander off to another page.",
    "weights": "The drawing is the network. The four scores on the left feed the hidden neuron (or neurons), which "
               "feed the output on the right. Each line is a weight: thick lines matter more, blue ones push the "
               "next neuron up, red ones push it down. The chart at the bottom shows each weight at every epoch. "
               "As text: the table gives every weight now; Loss, then Replay, gives them at any past epoch.",
    "outputs": "Each bar is the network's guess for one person; the black line across it is their truth. The "
               "closer the bar's top to the line, the better the guess. The charts below follow each guess and "
               "each squared error over the epochs. As text: the lines under the bars and the table of errors.",
    "loss": "The loss is one number for how wrong the network is: each person's error, squared, added up. Training "
            "tries to make it smaller, so the curve should fall and then flatten. Replay goes back to any epoch. "
            "As text: the loss now is in the bar at the top; Replay's exact numbers give it, and every output and "
            "weight, at any epoch.",
    "landscape": "Think of the loss as ground, high where the network is wrong. Training walks across it, one step "
                 "an epoch. Here you see the ground over two weights, with the other weights held still: the "
                 "star is where the network is, the purple line where it has been, and the arrows where its next "
                 "step goes. As text: the table under the chart gives the two weights and both steps.",
    "learned": "The colour is the network's happiness score for anyone with the two scores on the axes (the other "
               "two held at one person's). Red is unhappy, blue is happy. Dots are the people it learned from, "
               "coloured by their truth; diamonds are new people. As text: the table under the chart gives each "
               "one's scores, their score on the map and their own output.",
    "score": "A trained network scores someone new with the forward pass alone: no truth and no backprop needed. "
             "Type four scores and press Score. The table keeps everyone you scored and re-scores them as the "
             "network trains, so you can watch a guess change.",
    "lab": "Everything here goes beyond the series, and each option says in one sentence what it does. Change how "
           "the network learns, give it a new shape, give it your own people, keep runs to compare on the Loss "
           "page, and save or share the run.",
    "by_hand": "The next epoch, written out the way the series did it with pen and paper: the products and sums of "
               "the forward pass, the error and the loss, each factor of the chain rule, and each weight before "
               "and after. These are the very numbers the computer uses: press +1 and the 'after' weights appear "
               "on every page.",
    "challenges": "Each challenge is a goal for your run, checked by the playground on the run as it stands: its "
                  "network, its history and the rules and learning rates it used. Solve one and a message says "
                  "so at once, with the epoch it was first met; its card then holds a link that replays that run. "
                  "Hints come one at a time. This browser remembers what you solved, and so does your class's "
                  "board if you joined one.",
    "class": "A teacher starts a class here and gets a short code for the learners and a secret link for "
             "themselves. Learners join with the code and a name, then post runs from the sidebar of any page. "
             "The teacher's board shows every posted run side by side, and opens any of them by its link. The "
             "class and its board are kept until the date the page shows; the teacher can download them whole.",
}


KEYS = ("Keys, on every page: Space plays and pauses, → trains 1 epoch and Shift+→ trains 10. They work "
        "unless you are typing in a box, or on a control you reached with Tab (there Space presses it).")


def what(page):
    """Draw the page's "What am I looking at?" expander (closed until the learner opens it), with the keys."""
    with st.expander("What am I looking at?", icon=":material/help:", key=f"guide_{page}"):
        st.write(WHAT[page])
        st.caption(KEYS)
