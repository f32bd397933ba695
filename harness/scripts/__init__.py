"""Programs clawsim runs in other environments (e.g. a client's own virtual environment); they import nothing of
clawsim."""
