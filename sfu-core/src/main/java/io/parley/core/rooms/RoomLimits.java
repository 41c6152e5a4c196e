package io.parley.core.rooms;

/**
 * How many rooms the server keeps at once, and how many members each room takes.
 *
 * @param rooms               rooms with members at once
 * @param participantsPerRoom members of one room at once
 */
public record RoomLimits(int rooms, int participantsPerRoom) {
}
