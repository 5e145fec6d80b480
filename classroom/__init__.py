"""A class: the board where a teacher sees every learner's posted run (store), shared between processes."""
