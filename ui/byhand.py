"""One epoch's arithmetic as LaTeX lines, the way parts 4-8 of the series wrote it by hand.

`steps(trace, person)` turns an nn.Trace into (heading, [latex lines]) pairs for one
person, then the whole batch's d_weights and each weight before and after. Pure text:
no Streamlit here, so it is tested on its own.
"""

import re

from nn import FEATURES

D = 6  # decimals shown: the series' published numbers are to 6


def num(v):
    """Format a number to 6 decimals, in brackets when negative (so products read clearly)."""
    v = float(v)
    return f"({v:.{D}f})" if v < 0 else f"{v:.{D}f}"


def short(v):
    """Format an input or weight with up to 6 decimals, trailing zeros dropped (0.4, not 0.400000)."""
    text = f"{float(v):.{D}f}".rstrip("0").rstrip(".")
    text = "0" if text in ("-0", "") else text
    return f"({text})" if text.startswith("-") else text


def val(v):
    """Format a result to 6 decimals, no brackets."""
    return f"{float(v):.{D}f}"


def _t(word):
    return r"\text{" + word + "}"


MAX_LINE = 80  # characters a line shows at most (about 700 px): a longer sum goes on over more lines


def shown_length(tex):
    """Roughly how many characters a line of TeX shows: commands count as one, braces as none."""
    tex = re.sub(r"\\text\{([^}]*)\}", r"\1", tex)
    tex = re.sub(r"\\[a-zA-Z]+", "x", tex)
    return len(re.sub(r"[{}_^]", "", tex))


def sum_lines(lhs, terms, result=None):
    """Return 'lhs = t1 + t2 + ... = result' as one line, or over several when it would show more than MAX_LINE.

    Each further line starts with '+', so a wide network's sums read down the page instead of off its edge.
    """
    tail = "" if result is None else f" = {result}"
    lines, line = [], f"{lhs} = {terms[0]}"
    for term in terms[1:]:
        if shown_length(f"{line} + {term}") > MAX_LINE:
            lines.append(line)
            line = f"+ {term}"
        else:
            line = f"{line} + {term}"
    if shown_length(line + tail) > MAX_LINE and result is not None:
        lines.append(line)
        line = f"{tail[1:]}"
    else:
        line += tail
    return [*lines, line]


def _hid(trace, k):
    return "" if trace.layer1.shape[1] == 1 else f"_{{{k + 1}}}"


ACTIVATION_TEX = {"sigmoid": r"\operatorname{sigmoid}", "tanh": r"\tanh", "relu": r"\operatorname{ReLU}"}


def weight(trace, i, k):
    """weights1[i][k] (i < 4) or weights2[k] (i == 4) as used this epoch, from the trace's before-vector."""
    h = trace.layer1.shape[1]
    return trace.before[i * h + k]


def forward(trace, p):
    """Return (heading, lines) for person p's feedforward: products, sums, layer1, output, error, loss."""
    h, act = trace.layer1.shape[1], ACTIVATION_TEX[trace.activation]
    bias1 = trace.z1[p] - trace.products1[p].sum(axis=0)
    lines = []
    has_bias = trace.d_bias1 is not None
    for k in range(h):
        j = _hid(trace, k)
        bias = [f"{num(bias1[k])}_{{{_t('bias')}}}"] if has_bias else []
        names = [f"{_t(f)} \\times w_{{{_t(f)}}}" for f in FEATURES] + ([_t("bias")] if has_bias else [])
        lines += sum_lines(f"z{j}", names)
        lines += sum_lines(f"z{j}", [f"{short(trace.X[p, i])} \\times {short(weight(trace, i, k))}"
                                     for i in range(4)] + bias)
        lines += sum_lines(f"z{j}", [num(trace.products1[p, i, k]) for i in range(4)] + bias, val(trace.z1[p, k]))
        lines.append(f"{_t('layer1')}{j} = {act}({val(trace.z1[p, k])}) = {val(trace.layer1[p, k])}")
    bias2 = trace.z2[p, 0] - trace.products2[p].sum()
    bias = [f"{num(bias2)}_{{{_t('bias')}}}"] if trace.d_bias2 is not None else []
    lines += sum_lines(_t("net input"), [f"{num(trace.layer1[p, k])} \\times {num(weight(trace, 4, k))}"
                                         for k in range(h)] + bias, val(trace.z2[p, 0]))
    lines.append(f"{_t('output')} = \\operatorname{{sigmoid}}({val(trace.z2[p, 0])}) = {val(trace.output[p, 0])}")
    lines.append(f"{_t('error')} = y - {_t('output')} = {num(trace.y[p, 0])} - {num(trace.output[p, 0])}"
                 f" = {val(trace.error[p, 0])}")
    lines.append(f"{_t('loss')} = {_t('error')}^2 = {val(trace.loss_each[p, 0])}")
    return "Feedforward", lines


def backward(trace, p):
    """Return (heading, lines) for person p's chain-rule factors and their share of each d_weight."""
    h, series = trace.layer1.shape[1], trace.rule == "series"
    d_out = r"\operatorname{sigmoid\_derivative}(\text{output})" if series else r"\text{output}(1 - \text{output})"
    lines = [
        f"2(y - {_t('output')}) = 2 \\times {num(trace.error[p, 0])} = {val(trace.two_error[p, 0])}",
        f"{d_out} = {val(trace.d_output[p, 0])}",
        f"\\delta_2 = {num(trace.two_error[p, 0])} \\times {num(trace.d_output[p, 0])} = {val(trace.delta2[p, 0])}",
    ]
    delta2 = num(trace.delta2[p, 0])
    for k in range(h):
        j = _hid(trace, k)
        fn = trace.activation + r"\_derivative"
        d_hid = (rf"\operatorname{{{fn}}}(\text{{layer1}}{j})") if series else (r"\text{slope at layer1}" + j)
        d1 = "\\delta_1" if h == 1 else f"\\delta_{{1,{k + 1}}}"
        back, slope, delta1 = num(trace.back[p, k]), num(trace.d_layer1[p, k]), num(trace.delta1[p, k])
        lines.append(f"d{_t('weights2')}{j} \\mathrel{{+}}= {_t('layer1')}{j} \\times \\delta_2 = "
                     f"{num(trace.layer1[p, k])} \\times {delta2} = {val(trace.d_weights2_each[p, k])}")
        lines.append(f"\\delta_2 \\times {_t('weights2')}{j} = {back}, \\quad {d_hid} = {slope}")
        lines.append(f"{d1} = {back} \\times {slope} = {delta1}")
        for i, f in enumerate(FEATURES):
            lines.append(f"d{_t('weights1')}[{_t(f)}]{j} \\mathrel{{+}}= {num(trace.X[p, i])} \\times {delta1}"
                         f" = {val(trace.d_weights1_each[p, i, k])}")
    return "Backprop (the chain rule)", lines


def update(trace, param_names):
    """Return (heading, lines): each d_weight summed over everyone, and each weight before and after."""
    lr = trace.learning_rate
    step = "" if lr == 1 else f"{lr:g} \\times "
    lines = []
    for name, before, d, after in zip(param_names, trace.before, trace.d_params, trace.after, strict=True):
        label = _t(name.replace("→", "to"))
        lines.append(f"{label}: \\; {num(before)} + {step}{num(d)} = {val(after)}")
    return "The update: weights += learning rate × d_weights (summed over everyone)", lines


LINE_BREAK = r" \\[4pt] "


def block(lines):
    """The lines as one display, each centred under the last: one st.latex draws faster than many."""
    return r"\begin{gathered}" + LINE_BREAK.join(lines) + r"\end{gathered}"


def steps(trace, person, param_names):
    """Return [(heading, [latex lines])] for one epoch of one person, then the batch update."""
    return [forward(trace, person), backward(trace, person), update(trace, param_names)]
