"""Answer a draft the way reviewers do: the same Word file with a comment at each problem (lintlaw annotate)."""
