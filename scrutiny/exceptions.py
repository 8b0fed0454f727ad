class TransitionNotAllowed(Exception):
    """A status change that the object's current state does not allow."""
