ALTER TABLE "login_throttles" ADD COLUMN "notified_at" timestamp with time zone;
