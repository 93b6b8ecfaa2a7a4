"""Four eyes: publishing an evaluation, releasing a survey wave's results and approving a
socio-economic account each need a second person.

The first person requests approval; a confirmation page shows what will be published; a
different person with the right role approves (or rejects, with a reason), and only then
does the app publish. Who requested and who approved is kept here and printed on the
report. The app decides who may request and approve (its access rules) and what happens
on approval; this app keeps the rule that the two are different people, the one open
request per object, the history and the audit entries.
"""
