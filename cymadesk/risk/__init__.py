"""Risk rules: explainable fraud and anomaly findings for received documents."""
