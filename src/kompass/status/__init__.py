"""Status analysis (nulägesanalys): deviations against peers, what to prioritise and why."""
