package vn.qrcheckin.venue.repository;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import vn.qrcheckin.venue.domain.Reminder;

@ApplicationScoped
public class ReminderRepository implements PanacheRepositoryBase<Reminder, Long> {
}
