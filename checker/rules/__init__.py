"""Loading and validating the rule pack: rules, parameters, legal texts, lexicons, layout."""
