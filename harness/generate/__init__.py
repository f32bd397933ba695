"""``clawsim generate``: verified training environments from personas, execution dates and task templates."""
