"""The booking form: service -> concern -> time -> optional contact -> yes/no -> booked.

- state.py: which slot holds what, and the typed answer to "which time?";
- form.py: `validate_appointment_form` reads and checks every answer;
- questions.py: the `action_ask_<slot>` questions, above all the free times offered;
- start.py: starting a booking and leaving it; submit.py: booking once it is complete.
Showing, moving and cancelling booked appointments are in actions/appointments.py.
"""
