"""The guided tour through the series: its steps, and the numbers each step promises.

Each step names the part of the series it follows (by its topic where part 9, the one part we hold,
doesn't say which part taught it), says what that part teaches, puts the series' network at the
epoch that part was at, points at a page and its numbers, and asks the learner to do one thing.
The numbers are computed here from the series' network at that epoch, never typed in. Quotations
are part 9's own words, verbatim (tests/test_app_views.py checks them against the captured text).
Nothing here touches Streamlit: ui/touring moves the session through the steps.
"""

from dataclasses import dataclass
from functools import lru_cache

from nn import FEATURES, JAMES, SERIES_PEOPLE, Network, trace
from nn.landscape import default_pair, steps


@dataclass(frozen=True)
class Step:
    part: str      # the part of the series it follows
    title: str
    teaches: str   # what that part teaches, in plain words
    epoch: int     # where the step puts the series' network
    page: str      # the page to look at: a url path of ui/pages.PAGES
    look: object   # net -> what to look at there, with the numbers it shows
    do: object     # net -> the one thing to do
    quote: str = ""  # part 9's own words, verbatim, or nothing


@lru_cache(maxsize=16)
def _reference(epoch):
    net = Network()
    net.train(epoch)
    return net


def reference(epoch):
    """Return the series' network at epoch: what a step puts the learner's network at.

    Trained once per process and shared by every session, so each caller gets its own copy: no session
    can change the one kept here.
    """
    return _reference(epoch).copy()


def _outputs(net):
    return ", ".join(f"{name} {o:.3f}" for name, o in zip(net.people.names, net.output[:, 0], strict=True))


def _scores(i):
    return ", ".join(f"{v:g}" for v in SERIES_PEOPLE.X[i])


def _feedforward(net):
    t = trace(net)
    x, w1, w2 = SERIES_PEOPLE.X[0], net.weights1[:, 0], net.weights2[0, 0]
    sums = " + ".join(f"{a:g}×{b:g}" for a, b in zip(x, w1, strict=True))
    return (f"Alejandra: {sums} = {t.z1[0, 0]:g}, and sigmoid({t.z1[0, 0]:g}) = {t.layer1[0, 0]:.4f} is layer1. "
            f"Then {w2:g} × {t.layer1[0, 0]:.4f} = {t.z2[0, 0]:.4f}, and sigmoid of that is her output, "
            f"{t.output[0, 0]:.4f}.")


def _errors(net):
    t = trace(net)
    errors = ", ".join(f"{n} {e:+.4f}" for n, e in zip(net.people.names, t.error[:, 0], strict=True))
    return (f"The errors (truth − output) are {errors}. Squared and added up, the loss is {t.loss:.6f}: "
            "the Loss in the bar at the top.")


def _backprop(net):
    t = trace(net)
    d1 = ", ".join(f"{f} {d:.4f}" for f, d in zip(FEATURES, t.d_weights1[:, 0], strict=True))
    return (f"Added up over the three people, d_weights2 is {t.d_weights2[0, 0]:.4f}, and d_weights1 is {d1}. "
            "All are positive: every weight should grow a little.")


def _update(net):
    t, after = trace(net), reference(net.epoch + 1)
    return (f"weights2 is {net.weights2[0, 0]:.4f} now. After one epoch it is {net.weights2[0, 0]:.4f} + "
            f"{t.d_weights2[0, 0]:.4f} = {after.weights2[0, 0]:.4f}, and the loss falls from {net.loss:.6f} to "
            f"{after.loss:.6f}.")


def _close(net):
    gaps = ", ".join(f"{n} {abs(e):.2f}" for n, e in zip(net.people.names, net.people.y[:, 0] - net.output[:, 0],
                                                         strict=True))
    return (f"The outputs are {_outputs(net)}. How far each is from the truth: {gaps}. (Part 9 puts Alice about "
            "0.05 away: its text once gives her truth as 0.45, but its code, and this network, use 0.4.)")


def _james(net):
    return f"James's scores ({', '.join(f'{v:g}' for v in JAMES[1])}) give a happiness score of {_james_score(net):.4f}."


def _james_score(net):
    return float(net.predict([JAMES[1]])[0])


def _slopes(net):
    i, j = default_pair(net.layout)
    series, exact = steps(net, i, j)
    return (f"At epoch {net.epoch:,} the series' rule moves weights2 by {series[0]:+.4f} and the Sandwiches "
            f"weight by {series[1]:+.4f}. The exact derivative, straight downhill, would move them by "
            f"{exact[0]:+.4f} and {exact[1]:+.4f}.")


STEPS = (
    Step("The series' start", "The story: three people and four scores",
         "Happiness takes years to measure, but four scores per person are cheap to get: money, relationships, "
         "sandwiches and a baseline, each from 0 to 1. A network that learns happiness from those scores can "
         "then score a newcomer in a second.",
         0, "overview",
         lambda net: (f"The table of people: Alejandra ({_scores(0)}) has a happiness of 1.0, Bob ({_scores(1)}) "
                      f"0.85, and Alice ({_scores(2)}) 0.4."),
         lambda net: "Find who has the most money. It is Bob (1.0), and he is not the happiest."),
    Step("The forward pass, by hand", "Feedforward: from scores to a guess",
         "Each score is multiplied by its weight in weights1, and the products are added up. sigmoid squashes "
         "the sum into 0 to 1: that is layer1, the hidden neuron. Then layer1 times weights2, squashed again, "
         "is the output: the network's guess.",
         0, "by_hand", _feedforward,
         lambda net: f"On By hand, pick Bob and find his output ({net.output[1, 0]:.4f})."),
    Step("The error and the loss, by hand", "How wrong is the guess?",
         "The error is the truth minus the output. Square each person's error and add them up: that is the "
         "loss, one number for how wrong the network is. 0 would mean every guess is exactly right.",
         0, "outputs", _errors,
         lambda net: "On Outputs, find whose guess is furthest from their truth. It is Alejandra's, too low."),
    Step("Backprop, by hand", "The chain rule: which way to nudge each weight",
         "To learn which way to move a weight, backprop multiplies the slopes on the way back from the loss: "
         "2 × error, times sigmoid_derivative at the output, times what feeds the weight (layer1 for weights2). "
         "Going one layer further back, through weights2 and the hidden neuron's slope, gives d_weights1.",
         0, "by_hand", _backprop,
         lambda net: f"On By hand, find d_weights2 in the backprop block ({trace(net).d_weights2[0, 0]:.4f})."),
    Step("The weight update, by hand", "One epoch: the weights move",
         "Each weight moves by its d_weight: weights1 += d_weights1 and weights2 += d_weights2 (the series' "
         "learning rate is 1). A forward pass, a backprop and an update make one epoch.",
         0, "weights", _update,
         lambda net: f"Press +1, and on Weights watch weights2 go from 0.5000 to {reference(1).weights2[0, 0]:.4f}."),
    Step("Part 9", "The computer takes over: 100 epochs",
         "Doing an epoch by hand is slow, and a network needs a thousand or more. Part 9 gives the same network "
         "to Python and runs it again and again. First, 100 epochs.",
         100, "outputs",
         lambda net: f"The outputs are {_outputs(net)}, against a truth of 1.0, 0.85 and 0.4.",
         lambda net: "Press +100 three times and watch the bars begin to separate.",
         quote="It’s time to let the computers take over."),
    Step("Part 9", "400 epochs: pulling apart",
         "With more epochs, the first two outputs climb toward their truths while Alice's falls.",
         400, "outputs",
         lambda net: f"The outputs are {_outputs(net)}.",
         lambda net: "Press ▶ Play and watch the outputs move; press Pause when you like.",
         quote="Now we see that they’re starting to separate."),
    Step("Part 9", "900 epochs: really close",
         "500 more epochs bring every output near its truth. The loss curve has flattened.",
         900, "loss", _close,
         lambda net: "On Loss, turn on Log scale: the loss is still falling, just slowly.",
         quote="Wow, now it’s getting really close"),
    Step("Part 9", "1,900 epochs: the best it can do",
         "1,000 more epochs barely change the outputs. The network has settled.",
         1900, "outputs",
         lambda net: f"The outputs are {_outputs(net)}: part 9's 0.93, 0.83 and 0.5.",
         lambda net: "Press +1000 and see how little the outputs move.",
         quote="At this point our neural net has basically done the best that it can do."),
    Step("Part 9", "Scoring James in an instant",
         "A trained network needs only the forward pass to score someone new: no backprop, no truth.",
         1900, "score", _james,
         lambda net: "On Score a person, press Score: James's scores are already filled in.",
         quote="James’ happiness score is about 0.95"),
    Step("Part 9", "What has it learned?",
         "Part 9 warns that a network trained on three people can overfit: it fits them, but may not judge "
         "someone very different. This map shows what it says for anyone, across two scores.",
         1900, "learned",
         lambda net: (f"With Money across and Relationships up, and Sandwiches and Baseline held at James's, James "
                      f"sits at {_james_score(net):.4f}. Blue is happy, red is unhappy."),
         lambda net: "Put Sandwiches across instead: how much does it change the score?",
         quote="Like, really, who is going to base their entire happiness as a person around sandwiches?"),
    Step("Beyond the series", "Downhill, or not quite?",
         "The series applies sigmoid_derivative to outputs that are already sigmoids, so its step is not "
         "exactly the downhill one. The landscape shows both steps on the loss.",
         100, "landscape", _slopes,
         lambda net: "Press +10 and watch the star follow the orange arrow, not the green one.",
         quote=""),
    Step("Part 9", "Where do we go from here?",
         "Part 9 ends with ways to tweak a network: more layers, more weights, better data. The Lab lets you "
         "try some: a bias, a wider hidden layer (more weights), the exact derivative, your own people. It has "
         "no second hidden layer: the playground keeps the series' one hidden layer, and lets it grow wider.",
         1900, "lab",
         lambda net: f"The loss now is {net.loss:.6f}.",
         lambda net: "In the Lab, turn the bias on and press Restart with this shape; then train 1,900 epochs "
                     "and compare the loss.",
         quote="You could add more layers."),
)
