-- Queued jobs that failed at least once, found without reading every queued job (each payment keeps an
-- expiry check queued for weeks): `checkout_job_retrying{kind}` reads them at every scrape.
CREATE INDEX jobs_retrying ON jobs (kind) WHERE status = 'queued' AND attempts > 0;
