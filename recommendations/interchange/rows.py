"""The rows an import creates: each checked as it is read, all written in bulk at the end.

An import used to `full_clean()` and `save()` each row as it read it. Both cost
queries per row: `save()` an INSERT (and one more for its history row), and
`full_clean()` one SELECT for each foreign key (does the row it points to exist?),
one for each unique field or unique constraint, and one for each check constraint
(Django asks the database to evaluate the condition). `Rows` keeps what `full_clean()`
decides and the messages it gives, without those queries:

- a foreign key to a row this import read or made exists, or will before this row is
  written, so it is not looked up;
- a unique field or constraint whose values include a row this import makes (the new
  review, a new meeting…) can only clash with another row of this import, which
  `Rows` remembers; other unique values are looked up in the database as before,
  unless the caller has already looked (`absent_from_db`);
- a check constraint's condition is evaluated in Python, with SQL's rules for NULL,
  for the lookups the models use (exact, comparisons, isnull, F()); any other
  condition is left to the database, as `full_clean()` does.

Then `write()` writes the rows model by model, in the order each model was first met
(so a row's parent is always written first), with `bulk_create` — and, for a model
with history, `bulk_create_with_history`, giving every row its "created" history row
with the import's change reason, as `save()` did. Rows of a multi-table model, which
`bulk_create` cannot write, are saved one by one by the function given for them.
"""

import operator

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection
from django.db.models import CheckConstraint, F, Q, UniqueConstraint
from django.db.models.functions import Cast, Left, Length
from simple_history.utils import bulk_create_with_history

from recommendations.interchange.validation import CHANGE_REASON, describe

_COMPARISONS = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


class _Unsupported(Exception):
    """A condition this module does not evaluate: the database is asked instead."""


class _MissingField(Exception):
    """A condition names a field left out of the check (Django then skips the check)."""


def _truth(q, values):
    """SQL's truth of the condition `q` for one row: True, False or None (unknown, as
    when NULL is compared). `values` maps field names to the row's values."""
    results = [
        _truth(child, values) if isinstance(child, Q) else _lookup(*child, values)
        for child in q.children
    ]
    if q.connector == Q.AND:
        result = False if False in results else None if None in results else True
    elif q.connector == Q.OR:
        result = True if True in results else None if None in results else False
    else:
        raise _Unsupported(q.connector)
    if q.negated and result is not None:
        result = not result
    return result


def _lookup(name, rhs, values):
    name, _, lookup = name.partition("__")
    lookup = lookup or "exact"
    lhs = _value(name, values)
    if isinstance(rhs, F):
        rhs = _value(rhs.name, values)
    elif isinstance(rhs, Left):
        # A partial date against another date, as far as it is known
        # (`scrutiny.partial_dates.partial_dates_in_order` and its kin): ISO text.
        lhs, rhs = _iso(lhs), _known_part(rhs, values)
    elif hasattr(rhs, "resolve_expression"):
        raise _Unsupported(rhs)
    elif lookup == "exact" and rhs is None:
        # As the ORM does: `field=None` is `field IS NULL`.
        lookup, rhs = "isnull", True
    if lookup == "isnull":
        if not isinstance(rhs, bool):
            raise _Unsupported(lookup)
        return (lhs is None) == rhs
    if lookup not in _COMPARISONS:
        raise _Unsupported(lookup)
    if lhs is None or rhs is None:
        return None
    try:
        return bool(_COMPARISONS[lookup](lhs, rhs))
    except TypeError:
        raise _Unsupported(lookup) from None


def _iso(value):
    return value.isoformat() if value is not None else None


def _known_part(left, values):
    """`Left(<date field, or Cast of one>, Length(<partial date field>))` for one row:
    the first date's ISO text cut to the length of the second's."""
    source, length = left.get_source_expressions()
    if isinstance(source, Cast):
        source = source.get_source_expressions()[0]
    if not isinstance(length, Length):
        raise _Unsupported(left)
    measured = length.get_source_expressions()[0]
    if not isinstance(source, F) or not isinstance(measured, F):
        raise _Unsupported(left)
    text, known = _iso(_value(source.name, values)), _iso(_value(measured.name, values))
    if text is None or known is None:
        return None
    return text[: len(known)]


def _value(name, values):
    try:
        value = values[name]
    except KeyError:
        raise _MissingField(name) from None
    if isinstance(value, _Relation):
        raise _Unsupported(name)
    return value


class _Relation:
    """A foreign key's value in a condition: left to the database."""


def _passes(condition, values):
    """Whether `condition` allows the row, as `Q.check()` decides: an unknown result
    passes where the database can compare boolean expressions (COALESCE(…, true))."""
    result = _truth(Q(condition), values)
    if result is None:
        return connection.features.supports_comparing_boolean_expr
    return result


class Rows:
    def __init__(self):
        self.pending = {}  # model (or, for a multi-table model, its root) -> [row]
        self.one_by_one = {}  # model -> function that saves one of its rows
        self.new = {}  # id(row) -> row, for every row this import makes
        self.seen = {}  # (check) -> {values of the rows of this import}
        self.links = {}  # through model -> {(source, target)}, by `_identity`

    # --- collecting ----------------------------------------------------------------------
    def made(self, obj):
        """Note `obj` (saved by the caller) as a row this import made."""
        self.new[id(obj)] = obj
        return obj

    def add(self, obj, path, *, absent_from_db=False, save=None):
        """Check `obj` as `full_clean()` would, then keep it to be written.

        `absent_from_db`: the caller has looked, and no row in the database has
        `obj`'s unique values. `save`: for a multi-table model, the function that
        saves one row (bulk_create cannot).
        """
        try:
            self._full_clean(obj, absent_from_db)
        except ValidationError as error:
            raise ValueError(f"{path}: {describe(error, obj)}") from None
        self._remember(obj)
        obj._change_reason = CHANGE_REASON
        model = type(obj)
        if model._meta.parents:
            model = model._meta.get_parent_list()[-1]
            self.one_by_one[model] = save or (lambda row: row.save())
        self.pending.setdefault(model, []).append(obj)
        self.made(obj)
        return obj

    def link(self, source, field_name, targets):
        """`getattr(source, field_name).set(targets)`, to be written with the rows."""
        field = type(source)._meta.get_field(field_name)
        through = field.remote_field.through
        from_name, to_name = field.m2m_field_name(), field.m2m_reverse_field_name()
        done = self.links.setdefault(through, set())
        for target in targets:
            # As `set()` does: each target once.
            pair = (self._identity(source), self._identity(target))
            if pair not in done:
                done.add(pair)
                self.pending.setdefault(through, []).append(
                    through(**{from_name: source, to_name: target})
                )

    def _identity(self, obj):
        """A row this import makes, by itself; any other, by its primary key."""
        return ("new", id(obj)) if id(obj) in self.new else ("pk", obj.pk)

    # --- writing -------------------------------------------------------------------------
    def write(self):
        """Write every row kept, parents before the rows that refer to them."""
        for model, objs in self.pending.items():
            if model in self.one_by_one:
                for obj in objs:
                    self.one_by_one[model](obj)
            elif hasattr(model, "history"):
                bulk_create_with_history(objs, model, default_change_reason=CHANGE_REASON)
            else:
                model._default_manager.bulk_create(objs)
        self.pending = {}

    # --- full_clean() without its queries --------------------------------------------------
    def _full_clean(self, obj, absent_from_db):
        """`Model.full_clean()`, step for step (see its source), but for the queries."""
        errors = {}
        known = {
            f.name
            for f in obj._meta.concrete_fields
            if f.many_to_one or f.one_to_one
            if f.is_cached(obj) and f.get_cached_value(obj) is not None
        }
        try:
            obj.clean_fields(exclude=known)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        try:
            obj.clean()
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        exclude = {name for name in errors if name != NON_FIELD_ERRORS}
        try:
            self._validate_unique(obj, exclude, absent_from_db)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        exclude |= {name for name in errors if name != NON_FIELD_ERRORS}
        try:
            self._validate_constraints(obj, exclude, absent_from_db)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _key(self, obj, model, field_names, *, nulls_distinct=True):
        """The values of `field_names` that a unique check compares, and whether one of
        them is a row this import makes; None when a value is missing (NULL, which
        never clashes). A foreign key's value is the row it points to."""
        key, has_new = [], False
        for name in field_names:
            field = model._meta.get_field(name)
            if field.is_relation and field.is_cached(obj):
                related = field.get_cached_value(obj)
                if related is not None and id(related) in self.new:
                    key.append(self._identity(related))
                    has_new = True
                    continue
            value = getattr(obj, field.attname)
            if nulls_distinct and (
                value is None
                or (value == "" and connection.features.interprets_empty_strings_as_nulls)
            ):
                return None, False
            key.append(value)
        return tuple(key), has_new

    def _validate_unique(self, obj, exclude, absent_from_db):
        """`Model.validate_unique()`: unique fields and unique_together."""
        unique_checks, date_checks = obj._get_unique_checks(exclude=exclude)
        if date_checks:
            obj.validate_unique(exclude=exclude)  # not used by these models: as Django does
            return
        errors = {}
        for model, fields in unique_checks:
            key, has_new = self._key(obj, model, fields)
            if key is None:
                continue
            clash = key in self.seen.get(("unique", model, fields), ())
            if not clash and not has_new and not absent_from_db:
                lookup = {
                    name: getattr(obj, model._meta.get_field(name).attname) for name in fields
                }
                clash = model._default_manager.filter(**lookup).exists()
            if clash:
                where = fields[0] if len(fields) == 1 else NON_FIELD_ERRORS
                errors.setdefault(where, []).append(obj.unique_error_message(model, fields))
        if errors:
            raise ValidationError(errors)

    def _validate_constraints(self, obj, exclude, absent_from_db):
        """`Model.validate_constraints()`."""
        errors = {}
        for model, constraints in obj.get_constraints():
            for constraint in constraints:
                try:
                    self._validate_constraint(obj, model, constraint, exclude, absent_from_db)
                except ValidationError as e:
                    if getattr(e, "code", None) == "unique" and len(constraint.fields) == 1:
                        errors.setdefault(constraint.fields[0], []).append(e)
                    else:
                        errors = e.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _values(self, obj, model, exclude):
        """What a condition is evaluated against (`Model._get_field_expression_map`)."""
        values = {
            f.name: _Relation() if f.is_relation else getattr(obj, f.attname)
            for f in model._meta.local_concrete_fields
            if f.name not in exclude
        }
        if "pk" not in exclude:
            values["pk"] = obj.pk
        return values

    def _validate_constraint(self, obj, model, constraint, exclude, absent_from_db):
        """`constraint.validate()`, for the kinds of constraint the models use."""
        if isinstance(constraint, CheckConstraint):
            return self._validate_check(obj, model, constraint, exclude)
        if not isinstance(constraint, UniqueConstraint) or not constraint.fields:
            return constraint.validate(model, obj, exclude=exclude)
        return self._validate_unique_constraint(obj, model, constraint, exclude, absent_from_db)

    def _validate_check(self, obj, model, constraint, exclude):
        try:
            passes = _passes(constraint.condition, self._values(obj, model, exclude))
        except _MissingField:
            return
        except _Unsupported:
            return constraint.validate(model, obj, exclude=exclude)
        if not passes:
            raise ValidationError(
                constraint.get_violation_error_message(), code=constraint.violation_error_code
            )

    def _validate_unique_constraint(self, obj, model, constraint, exclude, absent_from_db):
        if any(name in exclude for name in constraint.fields):
            return
        key, has_new = self._key(
            obj, model, constraint.fields, nulls_distinct=constraint.nulls_distinct is not False
        )
        if key is None:
            return
        if constraint.condition is not None:
            try:
                applies = _truth(Q(constraint.condition), self._values(obj, model, exclude))
            except _MissingField:
                return
            except _Unsupported:
                return constraint.validate(model, obj, exclude=exclude)
            # COALESCE(condition AND EXISTS(…), true): unknown counts as applying.
            if applies is False or (
                applies is None and not connection.features.supports_comparing_boolean_expr
            ):
                return
        if key in self.seen.get(("constraint", model, constraint.name), ()):
            raise _unique_violation(obj, model, constraint)
        if not has_new and not absent_from_db:
            constraint.validate(model, obj, exclude=exclude)

    def _remember(self, obj):
        """Note the unique values of `obj`, which has passed, for the rows after it."""
        unique_checks, _ = obj._get_unique_checks()
        for model, fields in unique_checks:
            key, _ = self._key(obj, model, fields)
            if key is not None:
                self.seen.setdefault(("unique", model, fields), set()).add(key)
        for model, constraints in obj.get_constraints():
            for constraint in constraints:
                if not isinstance(constraint, UniqueConstraint) or not constraint.fields:
                    continue
                key, _ = self._key(
                    obj,
                    model,
                    constraint.fields,
                    nulls_distinct=constraint.nulls_distinct is not False,
                )
                if key is None:
                    continue
                if constraint.condition is not None:
                    try:
                        # Only rows the condition holds for (SQL WHERE) are found later.
                        if (
                            _truth(Q(constraint.condition), self._values(obj, model, set()))
                            is not True
                        ):
                            continue
                    except (_MissingField, _Unsupported):
                        continue
                self.seen.setdefault(("constraint", model, constraint.name), set()).add(key)


def _unique_violation(obj, model, constraint):
    """The error `UniqueConstraint.validate()` raises for a clash."""
    if (
        constraint.condition is None
        and constraint.violation_error_message == constraint.default_violation_error_message
    ):
        error = obj.unique_error_message(model, constraint.fields)
        return ValidationError(error, code=error.code)
    return ValidationError(
        constraint.get_violation_error_message(), code=constraint.violation_error_code
    )
