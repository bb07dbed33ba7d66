/** Entry point: the safety controls first, then sign-in, then the shell for the signed-in user. */
import type { CrisisResource, LoginResponse } from "../../shared/dto";
import { login, session } from "./api";
import { installSafetyControls } from "./safety";
import { startShell } from "./shell";

const form = document.getElementById("login-form") as HTMLFormElement;
const username = document.getElementById("login-username") as HTMLInputElement;
const password = document.getElementById("login-password") as HTMLInputElement;
const error = document.getElementById("login-error") as HTMLElement;

let resources: CrisisResource[] = [];
const loaded = installSafetyControls().then((r) => (resources = r));

function showLogin(message = ""): void {
  form.hidden = false;
  error.textContent = message;
  username.focus();
}

async function enter(s: LoginResponse): Promise<void> {
  form.hidden = true;
  // The support lines are public and small: wait for them so the away notice can show them.
  await loaded;
  startShell(s, resources, showLogin);
}

form.addEventListener("submit", (e) => {
  e.preventDefault();
  error.textContent = "";
  void login(username.value, password.value).then(async (result) => {
    if (!result.ok) return void (error.textContent = result.error.message);
    password.value = "";
    session.save(result.session);
    await enter(result.session);
  });
});

// Off in the page until now: a form sent by the browser itself would put the password in a request.
(document.getElementById("login-submit") as HTMLButtonElement).disabled = false;

const saved = session.load();
if (saved) void enter(saved);
else {
  session.clear();
  showLogin();
}
