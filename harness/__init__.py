"""The phone simulator: plays Twilio and the caller against the receptionist bot.

``python -m harness`` opens the simulator; ``python -m harness run FILE…`` plays scripted calls;
``python -m harness load`` measures webhook latency. Everything but ``harness.app`` works without
Textual, so tests and benchmarks share the same interpreter and webhook client.
"""
