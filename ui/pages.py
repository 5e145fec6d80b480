"""The playground's pages, listed once: app.py builds the navigation and Overview its links from this."""

PAGES = [
    # (script, title, icon, one line on what it shows)
    ("pages/playground/overview.py", "Overview", ":material/home:", "The story, the people and the outputs now"),
    ("pages/playground/weights.py", "Weights", ":material/hub:", "The network drawn out, every weight and how it moved"),
    ("pages/playground/outputs.py", "Outputs", ":material/bar_chart:", "Each person's guess against the truth"),
    ("pages/playground/loss.py", "Loss", ":material/show_chart:", "How wrong the network is, epoch by epoch, with a replay"),
    ("pages/playground/score.py", "Score a person", ":material/calculate:", "Type in four scores, get a happiness score"),
    ("pages/playground/lab.py", "Lab", ":material/science:", "Go beyond the series: options, your own people, sharing"),
    ("pages/playground/by_hand.py", "By hand", ":material/edit_note:", "This epoch's arithmetic, as the series wrote it"),
]
