// The baseline for the hot-path benchmark: a login script written the way the common
// recipe does it. It is correct (it verifies the pinned certificate, trusting its PEM as
// the only CA and comparing the SHA-256 fingerprint) and caches the token in `global`,
// but it makes a new https.Agent per call, so every login pays a new TCP and TLS handshake.
function login(email, password, callback) {
  const https = require("https");
  const crypto = require("crypto");

  function post(url, body, agent, headers, done) {
    const payload = JSON.stringify(body);
    const request = https.request(url, {
      method: "POST",
      agent,
      headers: Object.assign({ "content-type": "application/json", "content-length": Buffer.byteLength(payload) }, headers),
    }, (response) => {
      let text = "";
      response.on("data", (chunk) => { text += chunk; });
      response.on("end", () => done(null, response.statusCode, text ? JSON.parse(text) : undefined));
    });
    request.on("error", done);
    request.end(payload);
  }

  function token(done) {
    if (global.baselineToken && global.baselineToken.expiresAt > Date.now()) return done(null, global.baselineToken.value);
    post(configuration.TOKEN_URL, {
      grant_type: "client_credentials",
      client_id: configuration.CLIENT_ID,
      client_secret: configuration.CLIENT_SECRET,
      audience: configuration.FACADE_AUDIENCE,
    }, undefined, {}, (error, status, body) => {
      if (error || status !== 200) return done(error || new Error("token " + status));
      global.baselineToken = { value: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 - 60000 };
      done(null, body.access_token);
    });
  }

  const pin = configuration.FACADE_CERT_SHA256.split(",")[0].replace(/:/g, "").toLowerCase();
  const agent = new https.Agent({
    ca: configuration.FACADE_CERT_PEM,
    checkServerIdentity: (host, cert) => {
      const fingerprint = crypto.createHash("sha256").update(cert.raw).digest("hex");
      return fingerprint === pin ? undefined : new Error("fingerprint mismatch");
    },
  });

  token((error, accessToken) => {
    if (error) return callback(new Error("token: " + error.message));
    post(configuration.FACADE_URL + "/users/authenticate", { email, password }, agent, { authorization: "Bearer " + accessToken }, (err, status, body) => {
      agent.destroy();
      if (err) return callback(new Error("facade: " + err.message));
      if (status === 422) return callback(new WrongUsernameOrPasswordError(email, "wrong email or password"));
      if (status !== 200) return callback(new Error("facade answered " + status));
      callback(null, body);
    });
  });
}
