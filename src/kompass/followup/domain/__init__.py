"""Follow-up logic: plans and actions, people, dialogues, and the loop back to the next
evaluation. Views, the API and the command line call these functions; they validate
everything first, then store in one transaction, and raise `InputError` in Swedish."""
