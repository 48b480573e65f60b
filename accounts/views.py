from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accounts import services
from accounts.forms import (
    ConfirmEmailForm,
    LoginForm,
    PasswordResetForm,
    ProfileForm,
    SignUpForm,
)
from accounts.models import User
from accounts.receivers import LANGUAGE_CHOSEN_BEFORE_LOGIN
from accounts.tokens import email_confirmation_token


def sign_up(request):
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.user_sign_up(**form.cleaned_data)
        request.session["sign_up_email"] = form.cleaned_data["email"]
        # The form's language field is the newer, explicit choice; confirming logs in.
        request.session.pop(LANGUAGE_CHOSEN_BEFORE_LOGIN, None)
        return redirect("accounts:sign_up_done")
    return render(request, "accounts/sign_up.html", {"form": form})


def sign_up_done(request):
    return render(
        request, "accounts/sign_up_done.html", {"email": request.session.get("sign_up_email")}
    )


def confirm_email(request, uidb64: str, token: str):
    user = _user_from_uid(uidb64)
    if user is None or not email_confirmation_token.check_token(user, token):
        return render(request, "accounts/confirm_email_invalid.html", status=400)
    form = ConfirmEmailForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.user_confirm_email(user=user)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your email is confirmed. Welcome to Crossborder Academy!"))
        return redirect(_landing(request))
    return render(request, "accounts/confirm_email.html", {"form": form, "email": user.email})


def _landing(request) -> str:
    """Where a learner goes once logged in: a safe `next` (this site only), else My learning."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _user_from_uid(uidb64: str) -> User | None:
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    return User.objects.filter(pk=pk).first()


@login_required
def profile(request):
    user = request.user
    form = ProfileForm(
        request.POST or None,
        initial={name: getattr(user, name) for name in services.PROFILE_FIELDS},
    )
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(user=user, **form.cleaned_data)
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@csrf_exempt  # checked below: the token when signed in, the origin otherwise
@require_POST
def set_language(request):
    """The language switcher: remembered in a cookie, and on the account when signed in (or, when
    chosen before logging in, on the account that logs in next: accounts.receivers).

    Anonymous pages carry no CSRF token, so that they set no cookie and a shared cache may keep
    them: an anonymous choice is refused only when the browser says it came from another site.
    A signed-in choice changes the account, so it needs the token as any other form does."""
    if request.user.is_authenticated:
        refused = CsrfViewMiddleware(django_set_language).process_view(request, None, (), {})
        if refused is not None:
            return refused
    elif not _same_origin(request):
        raise PermissionDenied
    response = django_set_language(request)
    language = request.POST.get("language")
    if language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated:
        services.user_set_language(user=request.user, language=language)
    else:
        request.session[LANGUAGE_CHOSEN_BEFORE_LOGIN] = language
    return response


def _same_origin(request) -> bool:
    """What the browser says of where the request came from, in the order browsers say it:
    `Origin` (this site or a trusted one), else `Sec-Fetch-Site` (this origin, or typed by
    the person), else `Referer` (this site or a trusted one). A request saying none of them (an
    old browser, a script) is accepted: it can only set a language cookie."""
    ours = {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin in ours
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site in ("same-origin", "none")
    referer = request.headers.get("Referer")
    if referer is not None:
        parts = urlsplit(referer)
        return f"{parts.scheme}://{parts.netloc}" in ours
    return True


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = PasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_password_changed(user=form.user)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_password_changed(user=form.user)
        messages.success(self.request, _("Your password is changed."))
        return response
