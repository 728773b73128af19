TITLES = {}
RUNNERS = {}
def summary_lines(key, out): return []
def markdown(results): return "x"
